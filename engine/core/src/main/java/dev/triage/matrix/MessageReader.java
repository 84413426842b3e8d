package dev.triage.matrix;

import static dev.triage.matrix.MatrixEventTypes.GIF_KEY;
import static dev.triage.matrix.MatrixEventTypes.HTML_FORMAT;
import static dev.triage.matrix.MatrixEventTypes.IN_REPLY_TO;
import static dev.triage.matrix.MatrixEventTypes.NEW_CONTENT;
import static dev.triage.matrix.MatrixEventTypes.RELATES_TO;
import static dev.triage.matrix.MatrixEventTypes.REPLACE;
import static dev.triage.matrix.MatrixEventTypes.THREAD;
import static dev.triage.matrix.MatrixEventTypes.VOICE_KEY;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.action.Attachment;
import dev.triage.action.Edit;
import dev.triage.action.EditTarget;
import dev.triage.action.Location;
import dev.triage.action.Message;
import dev.triage.action.ReplyTo;
import dev.triage.action.TextType;
import dev.triage.json.InvalidInputException;

/**
 * Reads {@code m.room.message} and {@code m.sticker}: text, files with their captions, locations,
 * replies, threads and edits.
 */
final class MessageReader {
  private final EventEnvelope event;

  MessageReader(EventEnvelope event) {
    this.event = event;
  }

  Action message(boolean sticker) {
    ObjectNode relation = EventJson.optionalObject(event.content(), RELATES_TO, "content");
    String relationPath = EventJson.child("content", RELATES_TO);
    String relationType =
        relation == null ? null : EventJson.string(relation, "rel_type", relationPath);
    if (REPLACE.equals(relationType)) {
      return edit(relation, relationPath, sticker);
    }
    if (!sticker
        && "m.location".equals(EventJson.requiredString(event.content(), "msgtype", "content"))) {
      return location();
    }
    Body body = body(event.content(), "content", sticker);
    String threadRoot = null;
    String replyID = null;
    if (relation != null) {
      if (THREAD.equals(relationType)) {
        threadRoot = EventJson.requiredText(relation, "event_id", relationPath);
      }
      ObjectNode inReplyTo = EventJson.optionalObject(relation, IN_REPLY_TO, relationPath);
      if (inReplyTo != null) {
        String target =
            EventJson.requiredText(
                inReplyTo, "event_id", EventJson.child(relationPath, IN_REPLY_TO));
        Boolean fallingBack = EventJson.bool(relation, "is_falling_back", relationPath);
        // Inside a thread, an m.in_reply_to marked is_falling_back is only for clients without
        // threads: no reply (mautrix GetNonFallbackReplyTo).
        if (threadRoot == null || fallingBack == null || !fallingBack) {
          replyID = target;
        }
        body = body.withoutReplyFallback();
      }
    }
    ReplyTo replyTo = replyID == null ? null : replyTo(replyID);
    return new Message(
        event.eventID(),
        event.roomID(),
        body.textType,
        body.text,
        body.html,
        replyTo,
        threadRoot,
        body.attachment);
  }

  /** The replied-to message, with its sender and text when the caller gave it. */
  private ReplyTo replyTo(String target) {
    ObjectNode original = event.related().get(target);
    if (original == null) {
      return ReplyTo.of(target);
    }
    String path = RelatedEvents.path(target);
    String originalSender = EventJson.string(original, "sender", path);
    ObjectNode originalContent = EventJson.requiredObject(original, "content", path);
    String text = EventJson.string(originalContent, "body", EventJson.child(path, "content"));
    if (text != null) {
      text = ReplyFallback.stripText(text);
    }
    return new ReplyTo(target, originalSender, text == null || text.isEmpty() ? null : text);
  }

  private Action edit(ObjectNode relation, String relationPath, boolean sticker) {
    String target = EventJson.requiredText(relation, "event_id", relationPath);
    ObjectNode newContent = EventJson.optionalObject(event.content(), NEW_CONTENT, "content");
    String path = EventJson.child("content", NEW_CONTENT);
    if (newContent == null) {
      // bridgev2 handleMatrixEdit: without m.new_content, the content itself is the new one.
      newContent = event.content();
      path = "content";
    }
    if (!sticker && "m.location".equals(EventJson.string(newContent, "msgtype", path))) {
      throw new Unreadable("an edit of a location is not one Triage reads");
    }
    Body body = body(newContent, path, sticker);
    ObjectNode original = event.related().get(target);
    Long sentAt = EventEnvelope.sentAt(target, original);
    EditTarget targetType =
        original != null
                && MatrixEventTypes.isPollStart(
                    EventJson.requiredString(original, "type", RelatedEvents.path(target)))
            ? EditTarget.POLL
            : EditTarget.MESSAGE;
    return new Edit(
        event.eventID(),
        event.roomID(),
        target,
        sentAt,
        null,
        body.text,
        body.html,
        body.attachment,
        targetType);
  }

  /** The body of an m.room.message (or m.new_content, or m.sticker) that is text or a file. */
  private Body body(ObjectNode c, String path, boolean sticker) {
    String msgtype = sticker ? null : EventJson.requiredString(c, "msgtype", path);
    String body = EventJson.requiredString(c, "body", path);
    TextType textType = sticker ? null : TextType.fromWireName(msgtype).orElse(null);
    if (textType != null) {
      if (body.isEmpty()) {
        throw new InvalidInputException(EventJson.child(path, "body"), "must not be empty");
      }
      return new Body(textType, body, html(c, path), null);
    }
    String attachmentType;
    if (sticker) {
      attachmentType = Attachment.STICKER;
    } else {
      switch (msgtype) {
        case Attachment.IMAGE:
        case Attachment.FILE:
        case Attachment.AUDIO:
        case Attachment.VIDEO:
          attachmentType = msgtype;
          break;
        default:
          throw new Unreadable("msgtype " + msgtype + " is not one Triage reads");
      }
    }
    ObjectNode info = EventJson.optionalObject(c, "info", path);
    String infoPath = EventJson.child(path, "info");
    String mimeType = info == null ? null : EventJson.string(info, "mimetype", infoPath);
    if (mimeType == null || mimeType.isBlank()) {
      throw new Unreadable(
          "a file without info.mimetype: Triage cannot check what the chat accepts without"
              + " its type");
    }
    Long size = info == null ? null : EventJson.wholeNumber(info, "size", infoPath);
    Integer width = info == null ? null : EventJson.smallNumber(info, "w", infoPath);
    Integer height = info == null ? null : EventJson.smallNumber(info, "h", infoPath);
    Long durationMillis = info == null ? null : EventJson.wholeNumber(info, "duration", infoPath);
    Double duration = durationMillis == null ? null : durationMillis / 1000.0;
    // mautrix event/message.go GetCapMsgType: voice is m.audio with the MSC3245 key, a GIF is
    // m.video with info["fi.mau.gif"]; the older fi.mau.loop/autoplay markers alone are m.video.
    if (Attachment.AUDIO.equals(attachmentType) && EventJson.get(c, VOICE_KEY) != null) {
      attachmentType = Attachment.VOICE;
    }
    if (Attachment.VIDEO.equals(attachmentType) && info != null) {
      Boolean gif = EventJson.bool(info, GIF_KEY, infoPath);
      if (gif != null && gif) {
        attachmentType = Attachment.GIF;
      }
    }
    String fileName = EventJson.string(c, "filename", path);
    String url = EventJson.string(c, "url", path);
    ObjectNode file = EventJson.optionalObject(c, "file", path);
    if (url == null && file != null) {
      url = EventJson.string(file, "url", EventJson.child(path, "file"));
    }
    String text = null;
    String html = null;
    if (sticker) {
      // A sticker's body describes it: never a caption.
      text = body.isEmpty() ? null : body;
    } else if (fileName != null
        && !fileName.isEmpty()
        && !body.isEmpty()
        && !body.equals(fileName)) {
      // MSC2530: the body is a caption only when a filename is given and differs from it.
      text = body;
      html = html(c, path);
    } else if (fileName == null || fileName.isEmpty()) {
      fileName = body.isEmpty() ? null : body;
    }
    Attachment attachment =
        new Attachment(
            attachmentType, mimeType, size, width, height, duration, fileName, url, false);
    return new Body(TextType.TEXT, text, html, attachment);
  }

  /** The formatted body when the format is Matrix HTML, else {@code null}. */
  private static String html(ObjectNode c, String path) {
    String format = EventJson.string(c, "format", path);
    String html = EventJson.string(c, "formatted_body", path);
    return HTML_FORMAT.equals(format) && html != null && !html.isEmpty() ? html : null;
  }

  private Action location() {
    String geoUri = EventJson.requiredString(event.content(), "geo_uri", "content");
    String body = EventJson.requiredString(event.content(), "body", "content");
    double[] point = GeoUri.parse(geoUri, EventJson.child("content", "geo_uri"));
    return new Location(
        event.eventID(), event.roomID(), point[0], point[1], body.isBlank() ? null : body);
  }

  /** A message's readable body: text, or a file with its caption. */
  private static final class Body {
    final TextType textType;
    final String text;
    final String html;
    final Attachment attachment;

    Body(TextType textType, String text, String html, Attachment attachment) {
      this.textType = textType;
      this.text = text;
      this.html = html;
      this.attachment = attachment;
    }

    /** The body without a reply fallback (the stripped text is what the sender wrote). */
    Body withoutReplyFallback() {
      if (text == null || (attachment != null && Attachment.STICKER.equals(attachment.msgtype()))) {
        return this;
      }
      return new Body(
          textType,
          ReplyFallback.stripText(text),
          html == null ? null : ReplyFallback.stripHtml(html),
          attachment);
    }
  }
}
