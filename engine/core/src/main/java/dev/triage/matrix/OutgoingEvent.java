package dev.triage.matrix;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A Matrix event to send: its type, its content, and for state events the state key, for redactions
 * the event redacted (also in the content, where room version 11 reads it).
 *
 * @param type the event type ({@code m.room.message}, {@code m.sticker}, {@code m.room.redaction},
 *     …)
 * @param stateKey the state key of a state event, or {@code null}
 * @param redacts the event a redaction removes, or {@code null}
 * @param content the content; a private copy, not to be changed
 */
public record OutgoingEvent(String type, String stateKey, String redacts, ObjectNode content) {
  public OutgoingEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(content, "content");
  }

  /** {@code {type, state_key?, redacts?, content}}: a copy. */
  public ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("type", type);
    if (stateKey != null) {
      out.put("state_key", stateKey);
    }
    if (redacts != null) {
      out.put("redacts", redacts);
    }
    out.set("content", content.deepCopy());
    return out;
  }
}
