package dev.triage.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.capability.Capabilities;
import dev.triage.capability.MemberOperation;
import dev.triage.capability.Spelling;
import dev.triage.capability.StateField;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A per-chat change to a capability document, applied as a JSON merge patch (RFC 7386): objects
 * merge key by key, {@code null} removes a key, anything else replaces it. So {@code {"edit": 0}}
 * turns edits off and {@code {"formatting": {"bold": -1}}} changes bold alone. A delta may use
 * either spelling; it is brought to room_features spelling before it is applied.
 */
public final class CapabilityDelta {
  /** Top-level keys whose values are maps keyed by data (feature, msgtype, event type, …). */
  private static final Set<String> MAPS =
      Set.of(
          "formatting", "file", "state", "member_actions", "message_request", "disappearing_timer");

  private final ObjectNode patch;

  private CapabilityDelta(ObjectNode patch) {
    this.patch = patch;
  }

  /**
   * Reads a delta in either spelling.
   *
   * @throws InvalidInputException if it is not an object
   */
  public static CapabilityDelta of(JsonNode delta) {
    if (delta == null || !delta.isObject()) {
      throw new InvalidInputException(
          "", "a capability delta must be an object, got " + Fields.describe(delta));
    }
    return new CapabilityDelta(normalize((ObjectNode) delta));
  }

  /** The delta in room_features spelling, as it is applied. */
  public ObjectNode patch() {
    return patch.deepCopy();
  }

  /** Whether the delta changes nothing. */
  public boolean isEmpty() {
    return patch.isEmpty();
  }

  /**
   * Applies the delta to {@code base}.
   *
   * @throws InvalidInputException naming the path, when the result is not a valid document
   */
  public Capabilities applyTo(Capabilities base) {
    ObjectNode merged = TriageJson.writeCapabilities(base, Spelling.ROOM_FEATURES);
    merge(merged, patch);
    return TriageJson.readCapabilities(merged);
  }

  private static void merge(ObjectNode target, ObjectNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode value = entry.getValue();
      JsonNode existing = target.get(entry.getKey());
      if (value.isNull()) {
        target.remove(entry.getKey());
      } else if (value.isObject() && existing != null && existing.isObject()) {
        merge((ObjectNode) existing, (ObjectNode) value);
      } else {
        target.set(entry.getKey(), value.deepCopy());
      }
    }
  }

  /** Brings a delta to room_features spelling, leaving data keys (MIME types, …) as they are. */
  private static ObjectNode normalize(ObjectNode delta) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = delta.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = topLevelKey(entry.getKey());
      JsonNode value = entry.getValue();
      if (value.isObject() && MAPS.contains(key)) {
        value = normalizeMap(key, (ObjectNode) value);
      }
      out.set(key, value.deepCopy());
    }
    return out;
  }

  private static String topLevelKey(String key) {
    switch (key) {
      case "attachments":
        return "file";
      case "participantActions":
      case "participant_actions":
        return "member_actions";
      default:
        return key.equals("id") ? key : Fields.snake(key);
    }
  }

  private static ObjectNode normalizeMap(String map, ObjectNode value) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey();
      JsonNode child = entry.getValue();
      switch (map) {
        case "formatting":
          key = Fields.snake(key);
          break;
        case "state":
          key = StateField.fromKey(key).map(StateField::eventType).orElse(key);
          break;
        case "member_actions":
          key = MemberOperation.fromKey(key).map(MemberOperation::snakeName).orElse(key);
          break;
        case "file":
          // key is a msgtype; its entry's field names may be camelCase, its MIME types not.
          if (child.isObject()) {
            child = normalizeFileEntry((ObjectNode) child);
          }
          break;
        default:
          key = Fields.snake(key);
      }
      out.set(key, child);
    }
    return out;
  }

  private static ObjectNode normalizeFileEntry(ObjectNode entry) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    entry
        .fields()
        .forEachRemaining(field -> out.set(Fields.snake(field.getKey()), field.getValue()));
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CapabilityDelta && ((CapabilityDelta) other).patch.equals(patch);
  }

  @Override
  public int hashCode() {
    return patch.hashCode();
  }

  @Override
  public String toString() {
    return TriageJson.toJson(patch);
  }
}
