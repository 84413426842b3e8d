package dev.triage.matrix;

import static dev.triage.matrix.MatrixEventTypes.HTML_FORMAT;
import static dev.triage.matrix.MatrixEventTypes.IN_REPLY_TO;
import static dev.triage.matrix.MatrixEventTypes.NEW_CONTENT;
import static dev.triage.matrix.MatrixEventTypes.RELATES_TO;
import static dev.triage.matrix.MatrixEventTypes.THREAD;
import static dev.triage.matrix.MatrixEventTypes.VOICE_KEY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.action.Attachment;
import dev.triage.action.Edit;
import dev.triage.action.Location;
import dev.triage.action.Message;
import dev.triage.action.Poll;
import dev.triage.action.ReplyTo;
import dev.triage.action.TextType;
import java.util.List;
import java.util.Objects;

/**
 * What a degrade's messages are written from: the content to start the first from, and the message
 * read from it to compare with, so only what changed is rewritten.
 */
final class MessageRewrite {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Keys of a poll start that a text message must not keep. */
  private static final List<String> POLL_KEYS =
      List.of(
          MatrixEventTypes.POLL_START_UNSTABLE,
          "m.poll",
          "org.matrix.msc1767.text",
          "org.matrix.msc1767.html",
          "org.matrix.msc1767.message",
          "m.text");

  /** Keys of a location message that a text message must not keep. */
  private static final List<String> LOCATION_KEYS =
      List.of(
          "geo_uri",
          "info",
          "org.matrix.msc3488.location",
          "org.matrix.msc3488.asset",
          "org.matrix.msc3488.ts",
          "org.matrix.msc1767.text");

  /** Keys of a file that a text message must not keep. */
  private static final List<String> FILE_KEYS =
      List.of(
          "url",
          "file",
          "info",
          "filename",
          VOICE_KEY,
          "org.matrix.msc1767.audio",
          "org.matrix.msc1767.file",
          "org.matrix.msc1767.image",
          "org.matrix.msc1767.video");

  /** The content the first part is a copy of. */
  private final ObjectNode content;

  /** The message as read from it; {@code null} when the source was no message (poll, …). */
  private final Message read;

  /** Whether the message's reply and thread are the source's (else relations are kept). */
  private final boolean relations;

  /** The text msgtype to keep (an edit's, which the fallback does not carry), or null. */
  private final String textMsgtype;

  /** The original m.in_reply_to target, for the thread fallback of later parts. */
  private final String inReplyTo;

  private MessageRewrite(
      ObjectNode content, Message read, boolean relations, String textMsgtype, String inReplyTo) {
    this.content = content;
    this.read = read;
    this.relations = relations;
    this.textMsgtype = textMsgtype;
    this.inReplyTo = inReplyTo;
  }

  static MessageRewrite of(MatrixRead read, Action source) {
    ObjectNode content = read.content();
    if (source instanceof Message) {
      return new MessageRewrite(content, (Message) source, true, null, inReplyTo(content));
    }
    if (source instanceof Edit) {
      // An edit sent as a new message: the new content, without the relation that made it an
      // edit, keeping the edit event's own extra keys.
      Edit edit = (Edit) source;
      ObjectNode newContent =
          content.get(NEW_CONTENT) instanceof ObjectNode
              ? (ObjectNode) content.get(NEW_CONTENT)
              : content;
      ObjectNode merged = JSON.objectNode();
      newContent.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
      content
          .fields()
          .forEachRemaining(
              e -> {
                if (!merged.has(e.getKey())
                    && !e.getKey().equals(NEW_CONTENT)
                    && !e.getKey().equals(RELATES_TO)) {
                  merged.set(e.getKey(), e.getValue());
                }
              });
      merged.remove(RELATES_TO);
      merged.remove(NEW_CONTENT);
      Message asRead =
          new Message(
              null, null, TextType.TEXT, edit.text(), edit.html(), null, null, edit.attachment());
      String msgtype = merged.path("msgtype").asText("");
      return new MessageRewrite(
          merged, asRead, true, TextType.fromWireName(msgtype).isPresent() ? msgtype : null, null);
    }
    if (source instanceof Poll || source instanceof Location) {
      ObjectNode kept = content.deepCopy();
      kept.remove(source instanceof Poll ? POLL_KEYS : LOCATION_KEYS);
      kept.remove(List.of("msgtype", "body", "format", "formatted_body"));
      return new MessageRewrite(kept, null, false, null, null);
    }
    throw new IllegalStateException("cannot write a message made of " + read.eventType());
  }

  /** The first part: a copy of the content with what changed rewritten. */
  OutgoingEvent first(Message part) {
    ObjectNode c = content.deepCopy();
    String type = MatrixEventTypes.MESSAGE;
    Attachment file = part.attachment();
    Message was = read;
    ObjectNode relation = null;
    boolean relationChanged = false;
    if (relations) {
      ReplyTo replyTo = part.replyTo();
      String replyID = replyTo == null ? null : replyTo.messageID();
      String readReply = read == null || read.replyTo() == null ? null : read.replyTo().messageID();
      String readThread = read == null ? null : read.threadRoot();
      relationChanged =
          !Objects.equals(replyID, readReply) || !Objects.equals(part.threadRoot(), readThread);
      relation = relation(replyID, part.threadRoot(), readReply);
    }
    if (relationChanged && hasReplyFallback(c, read)) {
      // The body quotes the replied-to message for clients without replies; with the reply
      // gone or moved, that quote would be shown as text: the text is written as read, without.
      was = null;
    }
    if (file != null) {
      String msgtype = file.msgtype();
      if (msgtype.equals(Attachment.STICKER)) {
        type = MatrixEventTypes.STICKER;
      } else {
        ContentRewrite.fileMsgtype(c, msgtype);
      }
      if (part.hasCaption()) {
        if (was == null || !was.hasCaption()) {
          // A caption where there was none (a quote fallback on a file): MSC2530 reads the body
          // as a caption only beside a filename.
          if (!c.hasNonNull("filename") && file.fileName() != null) {
            c.put("filename", file.fileName());
          }
          was = null;
        }
        ContentRewrite.body(c, part, was);
      } else if (was != null && was.hasCaption()) {
        // The caption went (sent apart, or removed): the body is the file's name again.
        c.put("body", file.fileName() != null ? file.fileName() : "");
        c.remove(List.of("format", "formatted_body"));
      }
    } else {
      if (was != null && was.attachment() != null) {
        // The file went and its caption stays, as a text message.
        c.remove(FILE_KEYS);
        was = null;
      }
      ContentRewrite.putIfChanged(
          c, "msgtype", textMsgtype != null ? textMsgtype : part.msgtype().wireName());
      ContentRewrite.body(c, part, was);
    }
    if (relationChanged) {
      if (relation == null) {
        c.remove(RELATES_TO);
      } else {
        c.set(RELATES_TO, relation);
      }
    }
    return new OutgoingEvent(type, null, null, ContentRewrite.standardKeysFirst(c));
  }

  /** Whether the reader took a reply fallback off the text: body or HTML differ from it. */
  private static boolean hasReplyFallback(ObjectNode content, Message read) {
    if (read == null || read.text() == null) {
      return false;
    }
    JsonNode body = content.get("body");
    JsonNode html = content.get("formatted_body");
    return (body != null && !read.text().equals(body.asText()))
        || (read.html() != null && html != null && !read.html().equals(html.asText()));
  }

  /** A later part: its msgtype, text, and the thread when in one; nothing else. */
  OutgoingEvent later(Message part) {
    if (part.attachment() != null) {
      return first(part);
    }
    ObjectNode c = JSON.objectNode();
    c.put("msgtype", textMsgtype != null ? textMsgtype : part.msgtype().wireName());
    c.put("body", part.text());
    if (part.html() != null) {
      c.put("format", HTML_FORMAT).put("formatted_body", part.html());
    }
    if (part.threadRoot() != null) {
      c.set(RELATES_TO, relation(null, part.threadRoot(), inReplyTo));
    }
    return new OutgoingEvent(MatrixEventTypes.MESSAGE, null, null, c);
  }

  /**
   * A relation for a reply and thread; {@code null} for neither. In a thread without a reply,
   * {@code m.in_reply_to} is the fallback for clients without threads ({@code fallbackTarget}, else
   * the root), marked {@code is_falling_back}, as mautrix SetThread writes it.
   */
  private static ObjectNode relation(String replyTo, String threadRoot, String fallbackTarget) {
    if (threadRoot != null) {
      ObjectNode relation = JSON.objectNode().put("rel_type", THREAD).put("event_id", threadRoot);
      relation.put("is_falling_back", replyTo == null);
      relation
          .putObject(IN_REPLY_TO)
          .put(
              "event_id",
              replyTo != null ? replyTo : fallbackTarget != null ? fallbackTarget : threadRoot);
      return relation;
    }
    if (replyTo != null) {
      ObjectNode relation = JSON.objectNode();
      relation.putObject(IN_REPLY_TO).put("event_id", replyTo);
      return relation;
    }
    return null;
  }

  private static String inReplyTo(ObjectNode content) {
    JsonNode target = content.path(RELATES_TO).path(IN_REPLY_TO).path("event_id");
    return target.isTextual() ? target.textValue() : null;
  }
}
