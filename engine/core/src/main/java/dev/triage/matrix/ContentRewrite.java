package dev.triage.matrix;

import static dev.triage.matrix.MatrixEventTypes.GIF_KEY;
import static dev.triage.matrix.MatrixEventTypes.HTML_FORMAT;
import static dev.triage.matrix.MatrixEventTypes.VOICE_KEY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Attachment;
import dev.triage.action.Message;
import java.util.List;
import java.util.Objects;

/**
 * Rewrites of single keys of a message content, shared by the writing of a degraded message and of
 * a kept edit: each touches a key only when what it says changed, so the rest stays as sent.
 */
final class ContentRewrite {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ContentRewrite() {}

  /**
   * Rewrites {@code body} when the text changed and {@code format}/{@code formatted_body} when the
   * HTML did, compared with {@code was} ({@code null}: both changed).
   */
  static void body(ObjectNode c, Message part, Message was) {
    if (was == null || !Objects.equals(part.text(), was.text())) {
      c.put("body", part.text() == null ? "" : part.text());
    }
    if (was == null || !Objects.equals(part.html(), was.html())) {
      if (part.html() == null) {
        c.remove(List.of("format", "formatted_body"));
      } else {
        c.put("format", HTML_FORMAT).put("formatted_body", part.html());
      }
    }
  }

  /** The content with msgtype, body, format and formatted_body first, as mautrix writes them. */
  static ObjectNode standardKeysFirst(ObjectNode c) {
    ObjectNode ordered = JSON.objectNode();
    for (String key : List.of("msgtype", "body", "format", "formatted_body")) {
      if (c.has(key)) {
        ordered.set(key, c.get(key));
      }
    }
    ordered.setAll(c);
    return ordered;
  }

  static void putIfChanged(ObjectNode c, String key, String value) {
    JsonNode current = c.get(key);
    if (current == null || !current.isTextual() || !current.textValue().equals(value)) {
      c.put(key, value);
    }
  }

  /**
   * Writes the msgtype of a file that is no sticker (a sticker is an event type of its own), and
   * drops the voice or GIF marker when the file is no longer one: the marker, not the msgtype, is
   * what makes an m.audio a voice message or an m.video a GIF.
   */
  static void fileMsgtype(ObjectNode c, String attachmentMsgtype) {
    putIfChanged(c, "msgtype", wireMsgtype(attachmentMsgtype));
    if (!attachmentMsgtype.equals(Attachment.VOICE)) {
      c.remove(VOICE_KEY);
    }
    if (!attachmentMsgtype.equals(Attachment.GIF) && c.get("info") instanceof ObjectNode) {
      ((ObjectNode) c.get("info")).remove(GIF_KEY);
    }
  }

  /** The msgtype a file is sent with: pseudo-msgtypes ride on their base type. */
  private static String wireMsgtype(String attachmentMsgtype) {
    switch (attachmentMsgtype) {
      case Attachment.VOICE:
        return Attachment.AUDIO;
      case Attachment.GIF:
        return Attachment.VIDEO;
      default:
        return attachmentMsgtype;
    }
  }
}
