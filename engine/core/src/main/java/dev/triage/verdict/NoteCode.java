package dev.triage.verdict;

/**
 * The catalog of note codes. Codes are stable: a bridge may switch on them. Each constant's
 * description is what {@code docs/notes.md} lists (a test keeps the two the same).
 */
public enum NoteCode {
  // The level table, for any feature; the note's capability names which.
  FEATURE_PARTIAL(
      "feature.partial", "Level 1: the network supports the feature partly and may convert it."),
  FEATURE_STRIPPED(
      "feature.stripped",
      "Level -1 for a part of the action: that part was removed and the rest is sent."),
  ACTION_IGNORED(
      "action.ignored",
      "Level -1 (or a false boolean) for the action itself: the network never hears of it; drop"
          + " (SUCCESS for a receipt, typing, archive or unread marker; FAIL_PERMANENT for anything"
          + " the sender wrote or asked for)."),
  FEATURE_UNSUPPORTED(
      "feature.unsupported", "Level 0 (or a false boolean) and no fallback keeps the meaning."),
  FEATURE_REJECTED("feature.rejected", "Level -2: the network refuses the feature."),

  // Fallbacks that keep the meaning.
  REPLY_FALLBACK_QUOTE(
      "reply.fallback_quote", "Replies unsupported: the original is quoted above the text."),
  REPLY_FALLBACK_PLAIN(
      "reply.fallback_plain",
      "Replies unsupported and the original text is unknown: sent as a plain message."),
  REPLY_FALLBACK_THREAD(
      "reply.fallback_thread",
      "Replies unsupported (level 0 or -1) but threads supported: sent in a thread rooted at the"
          + " message replied to."),
  THREAD_FALLBACK_REPLY(
      "thread.fallback_reply", "Threads unsupported: sent as a reply to the thread root instead."),
  EDIT_FALLBACK_NEW_MESSAGE(
      "edit.fallback_new_message",
      "Edits unsupported: the new text is sent as a new message starting with \"* \"."),
  CAPTION_FALLBACK_SEPARATE_MESSAGE(
      "caption.fallback_separate_message",
      "Captions unsupported for this file type: the file, then the caption as its own message."),
  CAPTION_TOO_LONG(
      "caption.too_long",
      "The caption is longer than max_caption_length: the file, then the caption as its own"
          + " message."),
  ATTACHMENT_FALLBACK_MSGTYPE(
      "attachment.fallback_msgtype",
      "The chat lacks this pseudo-msgtype: sent as its base msgtype, which accepts the MIME type."),
  ATTACHMENT_FALLBACK_FILE(
      "attachment.fallback_file",
      "The MIME type is at level 0 for its msgtype: sent as m.file, which accepts it."),
  POLL_FALLBACK_TEXT(
      "poll.fallback_text",
      "Polls unsupported: sent as text with the question and numbered options."),
  LOCATION_FALLBACK_TEXT(
      "location.fallback_text",
      "Locations unsupported: sent as text with the description and a geo: URI."),

  FORMATTING_FALLBACK(
      "formatting.fallback",
      "A formatting feature at level 0: sent as plain text that keeps the meaning (links as text"
          + " (url), list items as \u2022 or numbers, …)."),
  FORMATTING_SANITIZED(
      "formatting.sanitized",
      "HTML outside the Matrix spec (script, style, event handlers, unsafe links, …) was removed;"
          + " its text kept."),
  TEXT_SPLIT(
      "text.split",
      "The text is longer than max_text_length: sent as several messages, split at paragraph,"
          + " sentence or word boundaries."),

  // Limits.
  TEXT_TOO_LONG(
      "text.too_long",
      "The text is longer than max_text_length (in code points) and cannot be split: an edit, or"
          + " a single character longer than the limit."),
  EDIT_TOO_OLD("edit.too_old", "The message is older than edit_max_age."),
  EDIT_TOO_MANY("edit.too_many", "The message was already edited edit_max_count times."),
  EDIT_AGE_UNKNOWN(
      "edit.age_unknown", "edit_max_age applies but the message's sentAt is unknown; let through."),
  EDIT_COUNT_UNKNOWN(
      "edit.count_unknown",
      "edit_max_count applies but the message's editCount is unknown; let through."),
  EDIT_POLL_UNSUPPORTED(
      "edit.poll_unsupported",
      "The edit's target is a poll: poll edits are refused, as bridgev2 does."),
  EDIT_CAPTION_UNSUPPORTED(
      "edit.caption_unsupported",
      "An edit's caption cannot go on its file (caption at level 0, or longer than"
          + " max_caption_length), and an edit cannot send it as a message of its own."),
  DELETE_TOO_OLD("delete.too_old", "The message is older than delete_max_age."),
  DELETE_AGE_UNKNOWN(
      "delete.age_unknown",
      "delete_max_age applies but the message's sentAt is unknown; let through."),
  DELETE_FOR_ME_UNSUPPORTED(
      "delete.for_me_unsupported",
      "Deleting only for oneself is unsupported; never widened to a delete for everyone."),
  ATTACHMENT_MSGTYPE_UNSUPPORTED(
      "attachment.msgtype_unsupported",
      "The chat accepts no files of this msgtype, and no base msgtype that takes the MIME type."),
  ATTACHMENT_MIME_UNSUPPORTED(
      "attachment.mime_unsupported",
      "The MIME type is at level 0 for its msgtype and m.file does not accept it either."),
  ATTACHMENT_MIME_REJECTED(
      "attachment.mime_rejected",
      "The MIME type is at level -2 for its msgtype, or matches no entry (which means -2)."),
  ATTACHMENT_TOO_LARGE("attachment.too_large", "The file is larger than max_size."),
  ATTACHMENT_TOO_WIDE("attachment.too_wide", "The file is wider than max_width."),
  ATTACHMENT_TOO_TALL("attachment.too_tall", "The file is taller than max_height."),
  ATTACHMENT_TOO_LONG("attachment.too_long", "The file plays longer than max_duration."),
  ATTACHMENT_LIMIT_UNKNOWN(
      "attachment.limit_unknown",
      "A file limit applies but the action does not give the value; let through."),
  ATTACHMENT_VIEW_ONCE_UNSUPPORTED(
      "attachment.view_once_unsupported",
      "View-once files are unsupported; never sent as a lasting file."),
  REACTION_NOT_ALLOWED("reaction.not_allowed", "The emoji is not in allowed_reactions."),
  REACTION_CUSTOM_EMOJI_UNSUPPORTED(
      "reaction.custom_emoji_unsupported", "Custom emoji reactions are unsupported."),
  REACTION_COUNT_EXCEEDED(
      "reaction.count_exceeded",
      "The sender already has reaction_count reactions on the message and the action gives only"
          + " their number: sent; the network replaces the oldest."),
  REACTION_REPLACED_OLDEST(
      "reaction.replaced_oldest",
      "The sender already has reaction_count reactions on the message: the oldest are removed,"
          + " then the new one is added."),
  REACTION_DUPLICATE(
      "reaction.duplicate",
      "The sender already has this reaction on the message: nothing to send (drop, SUCCESS)."),
  REACTION_COUNT_UNKNOWN(
      "reaction.count_unknown",
      "reaction_count applies but the action's existing count is unknown; let through."),
  STATE_UNCHANGED(
      "state.unchanged",
      "The new value equals the action's current one: nothing to send (drop, SUCCESS)."),
  MESSAGE_REQUEST_PENDING(
      "message_request.pending",
      "The chat is a pending message request and message_request.accept_with_message is at level"
          + " 0 or below: accept the request first."),
  POLL_TOO_MANY_OPTIONS(
      "poll.too_many_options", "The poll has more options than poll_max_options."),
  POLL_OPTION_TOO_LONG(
      "poll.option_too_long", "A poll option is longer than poll_option_max_length."),
  FORMATTING_SPOILER_UNSUPPORTED(
      "formatting.spoiler_unsupported",
      "Spoilers are unsupported: rejected rather than sent as visible text."),
  DISAPPEARING_TIMER_UNSUPPORTED(
      "disappearing_timer.unsupported", "The chat advertises no disappearing timers."),
  DISAPPEARING_TIMER_TYPE_UNSUPPORTED(
      "disappearing_timer.type_unsupported", "The timer type is not in disappearing_timer.types."),
  DISAPPEARING_TIMER_VALUE_UNSUPPORTED(
      "disappearing_timer.value_unsupported",
      "The timer is not in disappearing_timer.timers; Triage never picks another one.");

  private final String code;
  private final String description;

  NoteCode(String code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The stable wire code. */
  public String code() {
    return code;
  }

  /** What the code means, as documented in the catalog. */
  public String description() {
    return description;
  }

  /** The constant for a wire code. */
  public static NoteCode fromCode(String code) {
    for (NoteCode value : values()) {
      if (value.code.equals(code)) {
        return value;
      }
    }
    throw new IllegalArgumentException("unknown note code: " + code);
  }
}
