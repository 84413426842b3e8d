package dev.triage.matrix;

import static dev.triage.matrix.MatrixEventTypes.NEW_CONTENT;
import static dev.triage.matrix.MatrixEventTypes.VOICE_KEY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Attachment;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.action.TextType;
import java.util.List;
import java.util.Objects;

/** Writes an edit that a degrade keeps as an edit, its new content rewritten in place. */
final class EditRewrite {
  private EditRewrite() {}

  /**
   * An edit whose new content changed (formatting, a file's msgtype or caption): {@code
   * m.new_content} rewritten, and the fallback at the top level with it ({@code * } kept).
   */
  static OutgoingEvent editKept(MatrixRead read, Edit source, Edit kept) {
    ObjectNode c = read.content().deepCopy();
    boolean nested = c.get(NEW_CONTENT) instanceof ObjectNode;
    ObjectNode newContent = nested ? (ObjectNode) c.get(NEW_CONTENT) : c;
    ObjectNode before = newContent.deepCopy();
    Message was =
        new Message(
            null,
            null,
            TextType.TEXT,
            source.text(),
            source.html(),
            null,
            null,
            source.attachment());
    Message now =
        new Message(
            null, null, TextType.TEXT, kept.text(), kept.html(), null, null, kept.attachment());
    if (kept.attachment() != null) {
      Attachment file = kept.attachment();
      if (!file.msgtype().equals(Attachment.STICKER)) {
        ContentRewrite.fileMsgtype(newContent, file.msgtype());
      }
      if (now.hasCaption()) {
        ContentRewrite.body(newContent, now, was.hasCaption() ? was : null);
      } else if (was.hasCaption()) {
        newContent.put("body", file.fileName() != null ? file.fileName() : "");
        newContent.remove(List.of("format", "formatted_body"));
      }
    } else {
      ContentRewrite.body(newContent, now, was);
    }
    if (nested) {
      mirrorFallback(c, before, newContent);
    }
    return new OutgoingEvent(read.eventType(), null, null, c);
  }

  /** The top-level fallback of an edit follows its new content, keeping its {@code * } marker. */
  private static void mirrorFallback(ObjectNode top, ObjectNode before, ObjectNode after) {
    String marker = top.path("body").asText("").startsWith("* ") ? "* " : "";
    for (String key : List.of("msgtype", "body", "format", "formatted_body", VOICE_KEY, "info")) {
      JsonNode was = before.get(key);
      JsonNode now = after.get(key);
      if (Objects.equals(was, now)) {
        continue;
      }
      if (now == null) {
        top.remove(key);
      } else if ((key.equals("body") || key.equals("formatted_body")) && now.isTextual()) {
        top.put(key, marker + now.textValue());
      } else {
        top.set(key, now.deepCopy());
      }
    }
  }
}
