package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.Chat;
import dev.triage.action.Delete;
import dev.triage.action.DisappearingTimer;
import dev.triage.action.Edit;
import dev.triage.action.EditTarget;
import dev.triage.action.Location;
import dev.triage.action.Member;
import dev.triage.action.Message;
import dev.triage.action.Poll;
import dev.triage.action.Reaction;
import dev.triage.action.State;
import dev.triage.action.TextType;
import dev.triage.capability.Capabilities;
import dev.triage.capability.DisappearingTimerCapability;
import dev.triage.capability.Level;
import dev.triage.capability.StateField;
import dev.triage.verdict.Decision;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Reasons;
import dev.triage.verdict.Verdict;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides what to do with an outbound action given the target chat's capabilities: forward,
 * degrade, drop or reject. Pure and synchronous; thread-safe; time comes from the injected clock.
 *
 * <pre>{@code
 * Mediator mediator = Mediator.create();
 * Verdict verdict = mediator.mediate(action, capabilities);
 * }</pre>
 */
public final class Mediator {
  private static final Limit.Unknown EDIT_AGE_UNKNOWN =
      ageUnknown(NoteCode.EDIT_AGE_UNKNOWN, "edited");
  private static final Limit.Unknown DELETE_AGE_UNKNOWN =
      ageUnknown(NoteCode.DELETE_AGE_UNKNOWN, "deleted");
  private static final Limit.Unknown EDIT_COUNT_UNKNOWN =
      new Limit.Unknown(
          "editCount unknown",
          NoteCode.EDIT_COUNT_UNKNOWN,
          limit ->
              "This chat allows "
                  + limit
                  + " edits per message, but how often this one was edited is unknown.");
  private static final Limit.Unknown REACTION_COUNT_UNKNOWN =
      new Limit.Unknown(
          "existing unknown",
          NoteCode.REACTION_COUNT_UNKNOWN,
          limit ->
              "This chat allows "
                  + limit
                  + " reaction(s) per sender on a message, but how many you have is unknown.");

  private final Clock clock;

  private Mediator(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A mediator on the system clock. */
  public static Mediator create() {
    return new Mediator(Clock.systemUTC());
  }

  /** A mediator on the given clock; age rules measure against it. */
  public static Mediator create(Clock clock) {
    return new Mediator(clock);
  }

  /** Decides one action. */
  public Verdict mediate(Action action, Capabilities capabilities) {
    return decide(action, capabilities, false);
  }

  /** Decides one action and records every capability consulted in the verdict's explanation. */
  public Verdict explain(Action action, Capabilities capabilities) {
    return decide(action, capabilities, true);
  }

  private Verdict decide(Action action, Capabilities caps, boolean explain) {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(caps, "capabilities");
    if (!explain && isPlainTextWithinLimit(action, caps)) {
      // The most common action of all, and nothing to decide: no ruling, no notes.
      return new Verdict(Decision.FORWARD, List.of(action), List.of(), null, List.of());
    }
    Ruling ruling = new Ruling(explain);
    List<Action> out;
    switch (action.type()) {
      case MESSAGE:
        out = MessageRule.apply((Message) action, caps, ruling);
        break;
      case EDIT:
        out = edit((Edit) action, caps, ruling);
        break;
      case DELETE:
        out = delete((Delete) action, caps, ruling);
        break;
      case REACTION:
        out = reaction((Reaction) action, caps, ruling);
        break;
      case POLL:
        out = poll((Poll) action, caps, ruling);
        break;
      case LOCATION:
        out = location((Location) action, caps, ruling);
        break;
      case STATE:
        out = state((State) action, caps, ruling);
        break;
      case DISAPPEARING_TIMER:
        out = disappearingTimer((DisappearingTimer) action, caps, ruling);
        break;
      case MEMBER:
        out = member((Member) action, caps, ruling);
        break;
      case CHAT:
        out = chat((Chat) action, caps, ruling);
        break;
      case READ_RECEIPT:
        out = flagOnly(action, Flag.READ_RECEIPTS.allows(ruling, caps.readReceipts()));
        break;
      case TYPING:
        out =
            flagOnly(action, Flag.TYPING_NOTIFICATIONS.allows(ruling, caps.typingNotifications()));
        break;
      default:
        throw new AssertionError(action.type());
    }
    return ruling.verdict(action, ruling.decided() ? List.of() : Ids.number(out));
  }

  /**
   * A text message with no markup, reply, thread or file, that fits {@code max_text_length}:
   * forwarded as it is. (A string's length in UTF-16 units bounds its length in code points.)
   */
  private static boolean isPlainTextWithinLimit(Action action, Capabilities caps) {
    if (!(action instanceof Message)) {
      return false;
    }
    Message m = (Message) action;
    if (m.html() != null
        || m.markdown()
        || m.pendingRequest()
        || m.replyTo() != null
        || m.threadRoot() != null
        || m.attachment() != null) {
      return false;
    }
    return TextLimit.fits(m.text(), caps.maxTextLength());
  }

  private List<Action> edit(Edit edit, Capabilities caps, Ruling ruling) {
    if (edit.targetType() == EditTarget.POLL) {
      // bridgev2 portal.go handleMatrixMessage: edits of poll start events are refused, whatever
      // the chat says of edits.
      ruling.check("edit", caps.edit(), "the target is a poll: reject");
      ruling.reject(
          NoteCode.EDIT_POLL_UNSUPPORTED,
          "edit",
          null,
          Reasons.UNSUPPORTED_EVENT,
          "Polls cannot be edited here.");
      return List.of();
    }
    switch (ruling.whole("edit", caps.edit(), "Edits")) {
      case KEEP:
        if (!Limit.allowsAge(
            ruling,
            clock,
            "edit_max_age",
            caps.editMaxAge(),
            edit.sentAt(),
            EDIT_AGE_UNKNOWN,
            NoteCode.EDIT_TOO_OLD,
            "edited")) {
          return List.of();
        }
        // This edit would be edit number editCount + 1.
        Integer before = edit.editCount();
        // bridgev2 errors.go ErrEditTargetTooManyEdits: MessageStatusUnsupported.
        if (!Limit.of("edit_max_count", caps.editMaxCount())
            .allows(
                ruling,
                before == null ? null : before + 1L,
                before + " edits before",
                EDIT_COUNT_UNKNOWN,
                NoteCode.EDIT_TOO_MANY,
                () ->
                    "This message was already edited "
                        + before
                        + " times; this chat allows "
                        + caps.editMaxCount()
                        + ".")) {
          return List.of();
        }
        if (edit.attachment() != null) {
          // bridgev2 portal.go handleMatrixEdit: checkMessageContentCaps on the new content.
          Edit checked = MessageRule.editedFile(edit, caps, ruling);
          return checked == null ? List.of() : List.of(checked);
        }
        Message body = FormattingRule.format(asMessage(edit), caps, ruling);
        if (body == null || !TextLimit.whole(body, caps, ruling)) {
          return List.of();
        }
        return List.of(
            body.text().equals(edit.text()) && Objects.equals(body.html(), edit.html())
                ? edit
                : edit.withBody(body.text(), body.html(), null));
      case FALLBACK:
        ruling.degrade(
            NoteCode.EDIT_FALLBACK_NEW_MESSAGE,
            "edit",
            caps.edit(),
            "Edits are not supported here; sent as a new message.");
        if (edit.attachment() != null) {
          Message file =
              new Message(
                  edit.id(),
                  edit.chatID(),
                  TextType.TEXT,
                  edit.text(),
                  edit.html(),
                  null,
                  null,
                  edit.attachment());
          // Only a caption carries the marker: a file name stays the file name.
          return MessageRule.apply(
              file.hasCaption()
                  ? file.withText(
                      "* " + edit.text(), edit.html() == null ? null : "* " + edit.html())
                  : file,
              caps,
              ruling);
        }
        Message asNew =
            new Message(
                edit.id(),
                edit.chatID(),
                TextType.TEXT,
                "* " + edit.text(),
                edit.html() == null ? null : "* " + edit.html(),
                null,
                null,
                null);
        return MessageRule.text(asNew, caps, ruling);
      default:
        return List.of();
    }
  }

  private static Limit.Unknown ageUnknown(NoteCode code, String verb) {
    return new Limit.Unknown(
        "sentAt unknown",
        code,
        limit ->
            "Messages can be "
                + verb
                + " here for "
                + limit
                + " after sending, but when this one was sent is unknown.");
  }

  /** An edit's new body as a message, for the formatting rule. Edits are not split. */
  private static Message asMessage(Edit edit) {
    return new Message(null, null, TextType.TEXT, edit.text(), edit.html(), null, null, null);
  }

  private List<Action> delete(Delete delete, Capabilities caps, Ruling ruling) {
    if (!delete.forEveryone()) {
      // Safety: a delete for me never becomes a delete for everyone.
      return Flag.DELETE_FOR_ME.allows(
              ruling,
              "delete_for_me",
              caps.deleteForMe(),
              NoteCode.DELETE_FOR_ME_UNSUPPORTED,
              "Deleting a message only for yourself is not supported here; it was not deleted for"
                  + " everyone either.")
          ? List.of(delete)
          : List.of();
    }
    switch (ruling.whole("delete", caps.delete(), "Deleting messages for everyone")) {
      case KEEP:
        return Limit.allowsAge(
                ruling,
                clock,
                "delete_max_age",
                caps.deleteMaxAge(),
                delete.sentAt(),
                DELETE_AGE_UNKNOWN,
                NoteCode.DELETE_TOO_OLD,
                "deleted")
            ? List.of(delete)
            : List.of();
      case FALLBACK:
        ruling.unsupported("delete", caps.delete(), "Deleting messages for everyone");
        return List.of();
      default:
        return List.of();
    }
  }

  private static List<Action> reaction(Reaction reaction, Capabilities caps, Ruling ruling) {
    switch (ruling.whole("reaction", caps.reaction(), "Reactions")) {
      case KEEP:
        break;
      case FALLBACK:
        ruling.unsupported("reaction", caps.reaction(), "Reactions");
        return List.of();
      default:
        return List.of();
    }
    if (reaction.remove()) {
      // Removing never adds exposure and the limits are about adding.
      return List.of(reaction);
    }
    if (reaction.isCustomEmoji()) {
      if (!Flag.CUSTOM_EMOJI_REACTIONS.allows(
          ruling,
          "custom_emoji_reactions",
          caps.customEmojiReactions(),
          NoteCode.REACTION_CUSTOM_EMOJI_UNSUPPORTED,
          "Custom emoji reactions are not supported here.")) {
        return List.of();
      }
    } else if (caps.allowedReactions() != null) {
      boolean allowed = isAllowed(reaction.key(), caps.allowedReactions());
      ruling.check(
          "allowed_reactions",
          caps.allowedReactions().size() + " emoji",
          reaction.key() + (allowed ? ": allowed" : ": not allowed, reject"));
      if (!allowed) {
        ruling.reject(
            NoteCode.REACTION_NOT_ALLOWED,
            "allowed_reactions",
            null,
            Reasons.UNSUPPORTED_EVENT,
            "The reaction " + reaction.key() + " is not one this chat allows.");
        return List.of();
      }
    }
    if (reaction.existingKeys() != null) {
      String same = sameReaction(reaction.key(), reaction.existingKeys());
      if (same != null) {
        // bridgev2 portal.go handleMatrixReaction: a reaction the sender already has is ignored
        // with a success status.
        ruling.check("reaction", caps.reaction(), "the sender already has " + same + ": no-op");
        ruling.noOp(
            NoteCode.REACTION_DUPLICATE,
            "reaction",
            "You already reacted with " + same + " here; nothing needed sending.");
        return List.of();
      }
    }
    int limit = caps.reactionCount();
    Limit count = Limit.of("reaction_count", limit);
    // This reaction would be number existing + 1.
    Integer existing = reaction.existing();
    if (count.fits(
        ruling,
        existing == null ? null : existing + 1L,
        String.valueOf(existing),
        REACTION_COUNT_UNKNOWN)) {
      return List.of(reaction);
    }
    // At the limit bridgev2 (portal.go handleMatrixReaction) and the networks replace the
    // sender's oldest reactions rather than refuse the new one.
    if (reaction.existingKeys() == null) {
      count.over(ruling, existing + ", keys unknown: the network replaces");
      ruling.note(
          NoteCode.REACTION_COUNT_EXCEEDED,
          "reaction_count",
          null,
          "This chat allows "
              + limit
              + " reaction(s) per sender on a message; the network replaces your oldest with this"
              + " one.");
      return List.of(reaction);
    }
    List<String> keys = reaction.existingKeys();
    int excess = keys.size() - limit + 1;
    List<String> oldest = keys.subList(0, excess);
    count.over(ruling, keys.size() + ": remove the oldest " + excess);
    ruling.degrade(
        NoteCode.REACTION_REPLACED_OLDEST,
        "reaction_count",
        null,
        "This chat allows "
            + limit
            + " reaction(s) per sender on a message; your oldest ("
            + String.join(" ", oldest)
            + ") "
            + (excess == 1 ? "was" : "were")
            + " removed to make room.");
    List<Action> out = new ArrayList<>(excess + 1);
    for (String old : oldest) {
      out.add(
          new Reaction(reaction.id(), reaction.chatID(), reaction.messageID(), old, true, null));
    }
    out.add(
        Reaction.adding(
            reaction.id(),
            reaction.chatID(),
            reaction.messageID(),
            reaction.key(),
            keys.subList(excess, keys.size())));
    return out;
  }

  /** The existing key that is the same reaction as {@code key} (ignoring U+FE0F), or null. */
  private static String sameReaction(String key, List<String> existing) {
    String bare = key.replace("\uFE0F", "");
    for (String candidate : existing) {
      if (candidate.equals(key) || candidate.replace("\uFE0F", "").equals(bare)) {
        return candidate;
      }
    }
    return null;
  }

  /** Emoji match exactly, or once variation selector 16 is ignored on both sides. */
  private static boolean isAllowed(String key, List<String> allowed) {
    if (allowed.contains(key)) {
      return true;
    }
    String bare = key.replace("\uFE0F", "");
    for (String candidate : allowed) {
      if (candidate.replace("\uFE0F", "").equals(bare)) {
        return true;
      }
    }
    return false;
  }

  private static List<Action> poll(Poll poll, Capabilities caps, Ruling ruling) {
    switch (ruling.whole("poll", caps.poll(), "Polls")) {
      case KEEP:
        int options = poll.options().size();
        if (!Limit.of("poll_max_options", caps.pollMaxOptions())
            .allows(
                ruling,
                options,
                String.valueOf(options),
                NoteCode.POLL_TOO_MANY_OPTIONS,
                () ->
                    "The poll has "
                        + options
                        + " options; this chat allows at most "
                        + caps.pollMaxOptions()
                        + ".")) {
          return List.of();
        }
        Limit optionLength = Limit.of("poll_option_max_length", caps.pollOptionMaxLength());
        for (int i = 0; i < options; i++) {
          int number = i + 1;
          int length = Texts.length(poll.options().get(i));
          if (!optionLength.allows(
              ruling,
              length,
              "option " + number + " has " + length,
              NoteCode.POLL_OPTION_TOO_LONG,
              () ->
                  "Option "
                      + number
                      + " is "
                      + length
                      + " characters long; this chat allows at most "
                      + caps.pollOptionMaxLength()
                      + ".")) {
            return List.of();
          }
        }
        return List.of(poll);
      case FALLBACK:
        ruling.degrade(
            NoteCode.POLL_FALLBACK_TEXT,
            "poll",
            caps.poll(),
            "Polls are not supported here; sent as a text message with numbered options.");
        StringBuilder text = new StringBuilder(poll.question());
        for (int i = 0; i < poll.options().size(); i++) {
          text.append('\n').append(i + 1).append(". ").append(poll.options().get(i));
        }
        Message asText =
            new Message(
                poll.id(), poll.chatID(), TextType.TEXT, text.toString(), null, null, null, null);
        return MessageRule.text(asText, caps, ruling);
      default:
        return List.of();
    }
  }

  private static List<Action> location(Location location, Capabilities caps, Ruling ruling) {
    switch (ruling.whole("location_message", caps.locationMessage(), "Location messages")) {
      case KEEP:
        return List.of(location);
      case FALLBACK:
        ruling.degrade(
            NoteCode.LOCATION_FALLBACK_TEXT,
            "location_message",
            caps.locationMessage(),
            "Location messages are not supported here; sent as text with a geo: link.");
        String geo =
            "geo:"
                + Texts.coordinate(location.latitude())
                + ","
                + Texts.coordinate(location.longitude());
        String text =
            location.description() == null || location.description().isBlank()
                ? geo
                : location.description() + "\n" + geo;
        Message asText =
            new Message(
                location.id(), location.chatID(), TextType.TEXT, text, null, null, null, null);
        return MessageRule.text(asText, caps, ruling);
      default:
        return List.of();
    }
  }

  private static List<Action> state(State state, Capabilities caps, Ruling ruling) {
    String capability = "state." + state.field().eventType();
    String label = stateLabel(state.field());
    if (state.value().equals(state.current())) {
      // bridgev2 portal.go handleMatrixRoomMeta: a name, topic or avatar equal to the portal's
      // is answered with a success status and not sent.
      ruling.check(capability, "current " + state.current(), "the value is unchanged: no-op");
      ruling.noOp(
          NoteCode.STATE_UNCHANGED,
          capability,
          label + ": the new value is the current one; nothing needed sending.");
      return List.of();
    }
    Level level = caps.stateLevel(state.field());
    return onlyWhenKept(
        state, ruling, ruling.whole(capability, level, label), capability, level, label);
  }

  private static String stateLabel(StateField field) {
    switch (field) {
      case TITLE:
        return "Changing the chat title";
      case DESCRIPTION:
        return "Changing the chat description";
      case AVATAR:
        return "Changing the chat avatar";
      case DISAPPEARING_TIMER:
        return "Disappearing-message timers";
      default:
        throw new AssertionError(field);
    }
  }

  /**
   * The timer is state ({@code state.com.beeper.disappearing_timer}) with its own allowed values
   * ({@code disappearing_timer}). Documents from before the state map have only the latter; there
   * its presence means the state can be set.
   */
  private static List<Action> disappearingTimer(
      DisappearingTimer timer, Capabilities caps, Ruling ruling) {
    StateField field = StateField.DISAPPEARING_TIMER;
    String capability = "state." + field.eventType();
    DisappearingTimerCapability allowed = caps.disappearingTimer();
    Level level =
        caps.state().containsKey(field.eventType())
            ? caps.stateLevel(field)
            : allowed != null ? Level.FULL : Level.UNSUPPORTED;
    String label = stateLabel(field);
    List<Action> kept =
        onlyWhenKept(
            timer, ruling, ruling.whole(capability, level, label), capability, level, label);
    if (kept.isEmpty()) {
      return kept;
    }
    if (allowed == null) {
      ruling.check("disappearing_timer", "absent", "no timers advertised: reject");
      ruling.reject(
          NoteCode.DISAPPEARING_TIMER_UNSUPPORTED,
          "disappearing_timer",
          null,
          Reasons.UNSUPPORTED_EVENT,
          "Disappearing messages are not supported here.");
      return List.of();
    }
    if (timer.turnsOff()) {
      ruling.check("disappearing_timer", "present", "timer 0 turns it off: forward");
      return kept;
    }
    if (!allowed.types().contains(timer.timerType())) {
      ruling.check(
          "disappearing_timer.types", allowed.types().toString(), timer.timerType() + ": reject");
      ruling.reject(
          NoteCode.DISAPPEARING_TIMER_TYPE_UNSUPPORTED,
          "disappearing_timer.types",
          null,
          Reasons.UNSUPPORTED_EVENT,
          "Timers that start "
              + (timer.timerType() == dev.triage.capability.TimerType.AFTER_READ
                  ? "when a message is read"
                  : "when a message is sent")
              + " are not supported here.");
      return List.of();
    }
    if (!allowed.timers().isEmpty() && !allowed.timers().contains(timer.timer())) {
      StringBuilder offered = new StringBuilder();
      for (Long value : allowed.timers()) {
        offered.append(offered.length() == 0 ? "" : ", ").append(Texts.humanMillis(value));
      }
      ruling.check("disappearing_timer.timers", offered.toString(), timer.timer() + " ms: reject");
      ruling.reject(
          NoteCode.DISAPPEARING_TIMER_VALUE_UNSUPPORTED,
          "disappearing_timer.timers",
          null,
          Reasons.UNSUPPORTED_EVENT,
          "A timer of "
              + Texts.humanMillis(timer.timer())
              + " is not offered here (offered: "
              + offered
              + "); Triage does not pick another one.");
      return List.of();
    }
    ruling.check("disappearing_timer", "present", timer.timer() + " ms: allowed");
    return kept;
  }

  private static List<Action> member(Member member, Capabilities caps, Ruling ruling) {
    String capability = "member_actions." + member.action().snakeName();
    String label = memberLabel(member);
    Level level = caps.memberLevel(member.action());
    return onlyWhenKept(
        member, ruling, ruling.whole(capability, level, label), capability, level, label);
  }

  private static String memberLabel(Member member) {
    switch (member.action()) {
      case BAN:
        return "Banning members";
      case KICK:
        return "Removing members";
      case INVITE:
        return "Inviting members";
      case LEAVE:
        return "Leaving the chat";
      case REVOKE_INVITE:
        return "Revoking invites";
      default:
        throw new AssertionError(member.action());
    }
  }

  private static List<Action> chat(Chat chat, Capabilities caps, Ruling ruling) {
    boolean kept;
    switch (chat.action()) {
      case ARCHIVE:
      case UNARCHIVE:
        kept = Flag.ARCHIVE.allows(ruling, caps.archive());
        break;
      case MARK_UNREAD:
      case MARK_READ:
        // Both set or clear the network's unread marker; read receipts are their own action.
        kept = Flag.MARK_AS_UNREAD.allows(ruling, caps.markAsUnread());
        break;
      case DELETE:
        kept = Flag.DELETE_CHAT.allows(ruling, caps.deleteChat());
        break;
      case DELETE_FOR_EVERYONE:
        kept = Flag.DELETE_CHAT_FOR_EVERYONE.allows(ruling, caps.deleteChatForEveryone());
        break;
      case ACCEPT_REQUEST:
        String capability = "message_request.accept_with_button";
        String label = "Accepting message requests";
        Level level = caps.acceptRequestWithButton();
        return onlyWhenKept(
            chat, ruling, ruling.whole(capability, level, label), capability, level, label);
      default:
        throw new AssertionError(chat.action());
    }
    return flagOnly(chat, kept);
  }

  /** For actions with no fallback: kept actions pass, level 0 rejects. */
  private static List<Action> onlyWhenKept(
      Action action,
      Ruling ruling,
      Ruling.Treatment treatment,
      String capability,
      Level level,
      String label) {
    if (treatment == Ruling.Treatment.KEEP) {
      return List.of(action);
    }
    if (treatment == Ruling.Treatment.FALLBACK) {
      ruling.unsupported(capability, level, label);
    }
    return List.of();
  }

  private static List<Action> flagOnly(Action action, boolean kept) {
    return kept ? List.of(action) : List.of();
  }
}
