package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.Attachment;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.action.ReplyTo;
import dev.triage.action.TextType;
import dev.triage.capability.Capabilities;
import dev.triage.capability.FileCapability;
import dev.triage.capability.Level;
import dev.triage.format.MarkdownFormatter;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Reasons;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Messages: thread, reply, attachment (msgtype, MIME, limits, view-once, caption) and text. */
final class MessageRule {
  /** Which base msgtypes a pseudo-msgtype may fall back to, in order of preference. */
  private static final Map<String, List<String>> PSEUDO_FALLBACKS =
      Map.of(
          Attachment.VOICE, List.of(Attachment.AUDIO),
          Attachment.STICKER, List.of(Attachment.IMAGE),
          Attachment.GIF, List.of(Attachment.VIDEO, Attachment.IMAGE));

  private static final Limit.Unknown SIZE_UNKNOWN = fileUnknown("size");
  private static final Limit.Unknown WIDTH_UNKNOWN = fileUnknown("width");
  private static final Limit.Unknown HEIGHT_UNKNOWN = fileUnknown("height");
  private static final Limit.Unknown DURATION_UNKNOWN = fileUnknown("duration");

  private MessageRule() {}

  static List<Action> apply(Message original, Capabilities caps, Ruling ruling) {
    Message message = original;
    if (message.pendingRequest() && !acceptsWithMessage(caps, ruling)) {
      return List.of();
    }
    if (message.threadRoot() != null) {
      message = thread(message, caps, ruling);
      if (message == null) {
        return List.of();
      }
    }
    if (message.replyTo() != null) {
      message = reply(message, caps, ruling);
      if (message == null) {
        return List.of();
      }
    }
    message = FormattingRule.format(message, caps, ruling);
    if (message == null) {
      return List.of();
    }
    if (message.attachment() != null) {
      return attachment(message, caps, ruling);
    }
    return List.copyOf(TextLimit.split(message, caps, ruling));
  }

  /** A text message made by a fallback (poll, location, edit): formatted and split like any. */
  static List<Action> text(Message message, Capabilities caps, Ruling ruling) {
    Message formatted = FormattingRule.format(message, caps, ruling);
    return formatted == null ? List.of() : List.copyOf(TextLimit.split(formatted, caps, ruling));
  }

  /**
   * Sending into a chat with a pending message request accepts the request: bridgev2 needs {@code
   * message_request.accept_with_message} for that. Levels 1 and 2 pass; anything lower rejects,
   * since a message that does not accept the request would not reach the other side.
   */
  private static boolean acceptsWithMessage(Capabilities caps, Ruling ruling) {
    String capability = "message_request.accept_with_message";
    Level level = caps.acceptRequestWithMessage();
    if (level.isSupported()) {
      ruling.part(capability, level, "Accepting a message request by replying");
      return true;
    }
    ruling.check(
        capability, level, "level " + level.value() + ": reject; accept the request first");
    ruling.reject(
        NoteCode.MESSAGE_REQUEST_PENDING,
        capability,
        level,
        Reasons.UNSUPPORTED_EVENT,
        "This chat is a message request, and replying does not accept it on this network; accept"
            + " the request first.");
    return false;
  }

  /** Threads: level 0 becomes a reply to the thread root, then the reply rule applies. */
  private static Message thread(Message message, Capabilities caps, Ruling ruling) {
    switch (ruling.part("thread", caps.thread(), "Threads")) {
      case KEEP:
        return message;
      case FALLBACK:
        ruling.degrade(
            NoteCode.THREAD_FALLBACK_REPLY,
            "thread",
            caps.thread(),
            "Threads are not supported here; sent as a reply to the thread's first message.");
        Message unthreaded = message.withThreadRoot(null);
        // A message that already replies to something in the thread keeps that, closer, target.
        return message.replyTo() != null
            ? unthreaded
            : unthreaded.withReplyTo(ReplyTo.of(message.threadRoot()));
      case STRIP:
        return message.withThreadRoot(null);
      default:
        return null;
    }
  }

  /**
   * Replies at 0 or -1 on a network with threads (and a message in none): a thread rooted at the
   * replied-to message, as bridgev2 does. Else level 0 quotes the original when its text is known,
   * or sends the plain message; -1 removes the reply.
   *
   * <p>A thread at 0 has already become a reply to its root (see {@link #thread}), so the two
   * fallbacks never feed each other: this one needs threads, that one their absence.
   */
  private static Message reply(Message message, Capabilities caps, Ruling ruling) {
    Level level = caps.reply();
    if ((level == Level.UNSUPPORTED || level == Level.DROPPED)
        && message.threadRoot() == null
        && caps.thread().isSupported()) {
      // bridgev2 portal.go handleMatrixMessage: replies not Partial() but threads Partial() →
      // the reply target becomes the thread root.
      ruling.check(
          "reply", level, "level " + level.value() + ", threads supported: thread from the target");
      ruling.part("thread", caps.thread(), "Threads");
      ruling.degrade(
          NoteCode.REPLY_FALLBACK_THREAD,
          "reply",
          level,
          "Replies are not supported here; sent in a thread started at the message replied to.");
      return message.withReplyTo(null).withThreadRoot(message.replyTo().messageID());
    }
    switch (ruling.part("reply", level, "Replies")) {
      case KEEP:
        return message;
      case FALLBACK:
        ReplyTo replyTo = message.replyTo();
        Message plain = message.withReplyTo(null);
        if (isSticker(message)) {
          ruling.degrade(
              NoteCode.REPLY_FALLBACK_PLAIN,
              "reply",
              caps.reply(),
              "Replies are not supported here and a sticker has no caption to quote in; sent"
                  + " without the reply.");
          return plain;
        }
        if (replyTo.text() == null || replyTo.text().isEmpty()) {
          ruling.degrade(
              NoteCode.REPLY_FALLBACK_PLAIN,
              "reply",
              caps.reply(),
              "Replies are not supported here and the original text is unknown; sent as a plain"
                  + " message.");
          return plain;
        }
        ruling.degrade(
            NoteCode.REPLY_FALLBACK_QUOTE,
            "reply",
            caps.reply(),
            "Replies are not supported here; the original message is quoted above the text.");
        return quote(plain, replyTo);
      case STRIP:
        return message.withReplyTo(null);
      default:
        return null;
    }
  }

  /** {@code > sender: text} above the message, one {@code > } per quoted line. */
  private static Message quote(Message message, ReplyTo replyTo) {
    String[] lines = replyTo.text().split("\r?\n", -1);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String line = (i == 0 && replyTo.sender() != null ? replyTo.sender() + ": " : "") + lines[i];
      // In Markdown the quote marker is markup and the quoted words are text.
      text.append("> ").append(message.markdown() ? MarkdownFormatter.escape(line) : line);
      text.append('\n');
    }
    String html = null;
    if (message.html() != null) {
      StringBuilder quoted = new StringBuilder("<blockquote>");
      if (replyTo.sender() != null) {
        quoted.append("<b>").append(Texts.escapeHtml(replyTo.sender())).append("</b>: ");
      }
      quoted
          .append(Texts.escapeHtml(replyTo.text()).replaceAll("\r?\n", "<br>"))
          .append("</blockquote>")
          .append(message.html());
      html = quoted.toString();
    }
    if (message.attachment() == null || message.hasCaption()) {
      text.append('\n').append(message.text());
    } else {
      // A file without caption (its text at most the file name): the quote becomes the caption;
      // drop the trailing newline.
      text.setLength(text.length() - 1);
      html = null;
    }
    return message.withText(text.toString(), html);
  }

  private static List<Action> attachment(Message message, Capabilities caps, Ruling ruling) {
    // Decided on the file as sent: a sticker's description stays no caption as an m.image.
    boolean captioned = message.hasCaption();
    Message checked = checkFile(message, captioned, caps, ruling);
    if (checked == null) {
      return List.of();
    }
    if (checked.attachment() == null) {
      // The file is dropped; its caption goes on as a text message.
      Message captionOnly =
          new Message(
              checked.id(),
              checked.chatID(),
              TextType.TEXT,
              checked.text(),
              checked.html(),
              checked.replyTo(),
              checked.threadRoot(),
              null,
              checked.markdown(),
              checked.pendingRequest());
      return List.copyOf(TextLimit.split(captionOnly, caps, ruling));
    }
    if (!captioned) {
      // bridgev2 portal.go checkMessageContentCaps: no caption checks for stickers, or where the
      // body is the file name.
      return List.of(checked);
    }
    return caption(checked, caps, ruling);
  }

  /**
   * An edit that replaces a message's file: the file is checked like a new message's (msgtype, MIME
   * type, limits, view-once, caption). One edit stays one edit, so what a new message would send
   * separately (a caption on a type without captions, or too long) is refused. Returns the edit to
   * send, or {@code null} after a rejection or drop.
   */
  static Edit editedFile(Edit edit, Capabilities caps, Ruling ruling) {
    Message body =
        new Message(
            null, null, TextType.TEXT, edit.text(), edit.html(), null, null, edit.attachment());
    boolean captioned = body.hasCaption();
    body = FormattingRule.format(body, caps, ruling);
    Message checked = body == null ? null : checkFile(body, captioned, caps, ruling);
    if (checked == null) {
      return null;
    }
    if (checked.attachment() != null && captioned) {
      String msgtype = checked.attachment().msgtype();
      FileCapability file = caps.file(msgtype).orElseThrow();
      String capability = "file." + msgtype + ".caption";
      switch (ruling.part(capability, file.caption(), "Captions on " + msgtype)) {
        case KEEP:
          Limit limit =
              Limit.of("file." + msgtype + ".max_caption_length", file.maxCaptionLength());
          int length = Texts.length(checked.text());
          if (!limit.fits(ruling, length, length + " code points")) {
            limit.reject(
                ruling,
                length + " code points: an edit cannot send it apart, reject",
                NoteCode.EDIT_CAPTION_UNSUPPORTED,
                "The new caption is "
                    + length
                    + " characters long; this chat allows "
                    + file.maxCaptionLength()
                    + " on "
                    + msgtype
                    + ", and an edit cannot send it as a message of its own.");
            return null;
          }
          break;
        case FALLBACK:
          ruling.reject(
              NoteCode.EDIT_CAPTION_UNSUPPORTED,
              capability,
              file.caption(),
              Reasons.UNSUPPORTED_EVENT,
              "Captions are not supported on "
                  + msgtype
                  + " here, and an edit cannot send one as a message of its own.");
          return null;
        case STRIP:
          checked = checked.withText(null, null);
          break;
        default:
          return null;
      }
    }
    return edit.withBody(checked.text(), checked.html(), checked.attachment());
  }

  /**
   * The file's msgtype, MIME type, limits and view-once. Returns the message to send: its msgtype
   * may have changed, and a MIME type at -1 with a caption removes the file (attachment {@code
   * null}). {@code null} after a rejection, or a drop of a file without caption.
   */
  private static Message checkFile(
      Message message, boolean captioned, Capabilities caps, Ruling ruling) {
    Attachment attachment = message.attachment();
    String msgtype = resolveMsgtype(attachment, caps, ruling);
    if (msgtype == null) {
      return null;
    }
    if (!msgtype.equals(attachment.msgtype()) && !captioned && message.hasText()) {
      // The base msgtype would show the description (or the file name) as a caption the sender
      // never wrote.
      message = message.withText(null, null);
    }
    FileCapability file = caps.file(msgtype).orElseThrow();
    String mime = attachment.mimeType();
    String match = file.mimeMatch(mime);
    Level mimeLevel = file.mimeLevel(mime);
    String mimeCapability = "file." + msgtype + ".mime_types" + (match == null ? "" : "." + match);
    if (match == null) {
      ruling.check(mimeCapability, "no entry", "no match means -2: reject");
      ruling.reject(
          NoteCode.ATTACHMENT_MIME_REJECTED,
          mimeCapability,
          Level.REJECTED,
          Reasons.UNSUPPORTED_EVENT,
          "Files of type " + mime + " cannot be sent here as " + msgtype + ".");
      return null;
    }
    String mimeLabel = "Files of type " + mime + " as " + msgtype;
    // Without a caption the file is the whole action, so level -1 drops it rather than strips it.
    Ruling.Treatment mimeTreatment =
        captioned
            ? ruling.part(mimeCapability, mimeLevel, mimeLabel)
            : ruling.whole(mimeCapability, mimeLevel, mimeLabel);
    switch (mimeTreatment) {
      case KEEP:
        break;
      case FALLBACK:
        FileCapability generic = caps.file(Attachment.FILE).orElse(null);
        if (msgtype.equals(Attachment.FILE)
            || generic == null
            || !generic.mimeLevel(mime).isSupported()) {
          ruling.reject(
              NoteCode.ATTACHMENT_MIME_UNSUPPORTED,
              mimeCapability,
              mimeLevel,
              Reasons.UNSUPPORTED_EVENT,
              "Files of type " + mime + " are not supported here as " + msgtype + " or as a file.");
          return null;
        }
        ruling.check("file.m.file.mime_types", generic.mimeLevel(mime), "m.file accepts " + mime);
        ruling.degrade(
            NoteCode.ATTACHMENT_FALLBACK_FILE,
            mimeCapability,
            mimeLevel,
            "Files of type "
                + mime
                + " are not supported here as "
                + msgtype
                + "; sent as a file.");
        msgtype = Attachment.FILE;
        file = generic;
        break;
      case STRIP:
        return message.withAttachment(null);
      default:
        return null;
    }
    if (!msgtype.equals(attachment.msgtype())) {
      attachment = attachment.withMsgtype(msgtype);
      message = message.withAttachment(attachment);
    }
    if (!withinFileLimits(attachment, msgtype, file, ruling)) {
      return null;
    }
    return message;
  }

  /**
   * The msgtype to send as: the attachment's own when the chat lists it, else for a pseudo-msgtype
   * the first base msgtype that accepts the MIME type. {@code null} after a rejection.
   */
  private static String resolveMsgtype(Attachment attachment, Capabilities caps, Ruling ruling) {
    String msgtype = attachment.msgtype();
    if (caps.file(msgtype).isPresent()) {
      ruling.check("file." + msgtype, "present", "the chat accepts " + msgtype);
      return msgtype;
    }
    ruling.check("file." + msgtype, "absent", "missing msgtype");
    for (String base : PSEUDO_FALLBACKS.getOrDefault(msgtype, List.of())) {
      FileCapability baseFile = caps.file(base).orElse(null);
      if (baseFile != null && baseFile.mimeLevel(attachment.mimeType()).isSupported()) {
        ruling.check(
            "file." + base + ".mime_types",
            baseFile.mimeLevel(attachment.mimeType()),
            base + " accepts " + attachment.mimeType());
        ruling.degrade(
            NoteCode.ATTACHMENT_FALLBACK_MSGTYPE,
            "file." + msgtype,
            null,
            describe(msgtype) + " are not supported here; sent as " + base + ".");
        return base;
      }
    }
    String message =
        PSEUDO_FALLBACKS.containsKey(msgtype)
            ? describe(msgtype)
                + " are not supported here, and no base type accepts "
                + attachment.mimeType()
                + "."
            : describe(msgtype) + " are not supported here.";
    ruling.reject(
        NoteCode.ATTACHMENT_MSGTYPE_UNSUPPORTED,
        "file." + msgtype,
        null,
        Reasons.UNSUPPORTED_EVENT,
        message);
    return null;
  }

  private static boolean withinFileLimits(
      Attachment attachment, String msgtype, FileCapability file, Ruling ruling) {
    String prefix = "file." + msgtype + ".";
    Long size = attachment.size();
    if (!Limit.of(prefix + "max_size", file.maxSize())
        .allows(
            ruling,
            size,
            String.valueOf(size),
            SIZE_UNKNOWN,
            NoteCode.ATTACHMENT_TOO_LARGE,
            () ->
                "The file is "
                    + size
                    + " bytes; this chat allows at most "
                    + file.maxSize()
                    + " bytes for "
                    + msgtype
                    + ".")) {
      return false;
    }
    Integer width = attachment.width();
    if (!Limit.of(prefix + "max_width", file.maxWidth())
        .allows(
            ruling,
            width == null ? null : width.longValue(),
            String.valueOf(width),
            WIDTH_UNKNOWN,
            NoteCode.ATTACHMENT_TOO_WIDE,
            () ->
                "The file is "
                    + width
                    + " pixels wide; this chat allows at most "
                    + file.maxWidth()
                    + " for "
                    + msgtype
                    + ".")) {
      return false;
    }
    Integer height = attachment.height();
    if (!Limit.of(prefix + "max_height", file.maxHeight())
        .allows(
            ruling,
            height == null ? null : height.longValue(),
            String.valueOf(height),
            HEIGHT_UNKNOWN,
            NoteCode.ATTACHMENT_TOO_TALL,
            () ->
                "The file is "
                    + height
                    + " pixels tall; this chat allows at most "
                    + file.maxHeight()
                    + " for "
                    + msgtype
                    + ".")) {
      return false;
    }
    long maxSeconds = file.maxDuration().getSeconds();
    Double duration = attachment.duration();
    if (!Limit.of(prefix + "max_duration", maxSeconds, maxSeconds + " s")
        .allows(
            ruling,
            duration,
            duration + " s",
            DURATION_UNKNOWN,
            NoteCode.ATTACHMENT_TOO_LONG,
            () ->
                "The file plays "
                    + Texts.coordinate(duration)
                    + " seconds; this chat allows at most "
                    + maxSeconds
                    + " for "
                    + msgtype
                    + ".")) {
      return false;
    }
    // Safety: a view-once file is never sent as a lasting one.
    return !attachment.viewOnce()
        || Flag.VIEW_ONCE.allows(
            ruling,
            prefix + Flag.VIEW_ONCE.field(),
            file.viewOnce(),
            NoteCode.ATTACHMENT_VIEW_ONCE_UNSUPPORTED,
            "View-once files are not supported here as "
                + msgtype
                + "; Triage never sends them as lasting files.");
  }

  /** A file limit the action gives no value for: let through, with a note. */
  private static Limit.Unknown fileUnknown(String what) {
    return new Limit.Unknown(
        "the action gives no " + what,
        NoteCode.ATTACHMENT_LIMIT_UNKNOWN,
        limit ->
            "This chat limits the file's "
                + what
                + " to "
                + limit
                + ", but the action does not give it.");
  }

  /** The caption: kept, sent as its own message (level 0 or too long), or removed (-1). */
  private static List<Action> caption(Message message, Capabilities caps, Ruling ruling) {
    String msgtype = message.attachment().msgtype();
    FileCapability file = caps.file(msgtype).orElseThrow();
    String capability = "file." + msgtype + ".caption";
    switch (ruling.part(capability, file.caption(), "Captions on " + msgtype)) {
      case KEEP:
        Limit limit = Limit.of("file." + msgtype + ".max_caption_length", file.maxCaptionLength());
        int length = Texts.length(message.text());
        if (limit.fits(ruling, length, length + " code points")) {
          return List.of(message);
        }
        limit.over(ruling, length + " code points: send the caption as its own message");
        ruling.degrade(
            NoteCode.CAPTION_TOO_LONG,
            "file." + msgtype + ".max_caption_length",
            null,
            "The caption is "
                + length
                + " characters long; this chat allows "
                + file.maxCaptionLength()
                + " on "
                + msgtype
                + ", so it was sent as its own message.");
        return separateCaption(message, caps, ruling);
      case FALLBACK:
        ruling.degrade(
            NoteCode.CAPTION_FALLBACK_SEPARATE_MESSAGE,
            capability,
            file.caption(),
            "Captions are not supported on "
                + msgtype
                + " here; the caption was sent as its own message after the file.");
        return separateCaption(message, caps, ruling);
      case STRIP:
        return List.of(message.withText(null, null).asPlain());
      default:
        return List.of();
    }
  }

  /** The file (keeping the reply and thread), then the caption as text message(s). */
  private static List<Action> separateCaption(Message message, Capabilities caps, Ruling ruling) {
    Message file = message.withText(null, null).asPlain();
    Message caption =
        new Message(
            message.id(),
            message.chatID(),
            TextType.TEXT,
            message.text(),
            message.html(),
            null,
            message.threadRoot(),
            null,
            message.markdown());
    List<Message> captions = TextLimit.split(caption, caps, ruling);
    if (captions.isEmpty()) {
      return List.of();
    }
    List<Action> out = new ArrayList<>(captions.size() + 1);
    out.add(file);
    out.addAll(captions);
    return out;
  }

  private static boolean isSticker(Message message) {
    return message.attachment() != null
        && message.attachment().msgtype().equals(Attachment.STICKER);
  }

  private static String describe(String msgtype) {
    switch (msgtype) {
      case Attachment.VOICE:
        return "Voice messages";
      case Attachment.GIF:
        return "GIFs";
      case Attachment.STICKER:
        return "Stickers";
      case Attachment.IMAGE:
        return "Images";
      case Attachment.VIDEO:
        return "Videos";
      case Attachment.AUDIO:
        return "Audio files";
      case Attachment.FILE:
        return "Files";
      default:
        return "Attachments of msgtype " + msgtype;
    }
  }
}
