package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.Attachment;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.action.TextType;
import dev.triage.capability.Capabilities;
import dev.triage.capability.FileCapability;
import dev.triage.capability.Level;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Reasons;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Files: the msgtype (a pseudo-msgtype the chat lacks falls back to a base one), the MIME type (at
 * 0, sent as {@code m.file} where that takes it), the size, dimension and duration limits,
 * view-once (never sent as a lasting file), and the caption (sent as its own message when the
 * msgtype takes none or it is too long).
 */
final class FileRule {
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

  private FileRule() {}

  /** A message with a file: the file's checks, then its caption. */
  static List<Action> apply(Message message, Capabilities caps, Ruling ruling) {
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
