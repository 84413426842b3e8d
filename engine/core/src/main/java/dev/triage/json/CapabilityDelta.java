package dev.triage.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.capability.Capabilities;
import dev.triage.capability.MemberOperation;
import dev.triage.capability.Spelling;
import dev.triage.capability.StateField;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A per-chat change to a capability document, applied as a JSON merge patch (RFC 7386): objects
 * merge key by key, {@code null} removes a key, anything else replaces it. So {@code {"edit": 0}}
 * turns edits off and {@code {"formatting": {"bold": -1}}} changes bold alone. A delta may use
 * either spelling; it is brought to room_features spelling before it is applied.
 *
 * <p>A delta is kept as its canonical JSON: room_features spelling, the keys of every object
 * sorted, no spaces, in UTF-8. That is what it is compared and hashed by, so two deltas that say
 * the same thing are equal however they were written, and a store can share one instance between
 * many chats. It is also small: a delta costs about its JSON's length, not a tree of nodes.
 */
public final class CapabilityDelta {
  /** Top-level keys whose values are maps keyed by data (feature, msgtype, event type, …). */
  private static final Set<String> MAPS =
      Set.of(
          "formatting", "file", "state", "member_actions", "message_request", "disappearing_timer");

  private static final byte[] EMPTY = {'{', '}'};

  /** The canonical JSON, UTF-8. */
  private final byte[] canonical;

  private final int hash;

  private CapabilityDelta(ObjectNode patch) {
    this.canonical = TriageJson.toJson(sorted(patch)).getBytes(StandardCharsets.UTF_8);
    this.hash = Arrays.hashCode(canonical);
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

  /** The delta in room_features spelling, as it is applied (a new tree on every call). */
  public ObjectNode patch() {
    return (ObjectNode) TriageJson.parse(canonical);
  }

  /** The canonical JSON: room_features spelling, every object's keys sorted, no spaces. */
  public String canonicalJson() {
    return new String(canonical, StandardCharsets.UTF_8);
  }

  /** Whether the delta changes nothing. */
  public boolean isEmpty() {
    return Arrays.equals(canonical, EMPTY);
  }

  /**
   * Applies the delta to {@code base}.
   *
   * @throws InvalidInputException naming the path, when the result is not a valid document
   */
  public Capabilities applyTo(Capabilities base) {
    ObjectNode merged = TriageJson.writeCapabilities(base, Spelling.ROOM_FEATURES);
    merge(merged, patch());
    return TriageJson.readCapabilities(merged);
  }

  /** A copy of {@code node} in which every object's keys are sorted; arrays keep their order. */
  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> fields = new TreeMap<>();
      node.fields().forEachRemaining(field -> fields.put(field.getKey(), sorted(field.getValue())));
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      fields.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> out.add(sorted(element)));
      return out;
    }
    return node;
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

  /** Equal when their canonical JSON is: the same change, however it was spelled or ordered. */
  @Override
  public boolean equals(Object other) {
    return other == this
        || (other instanceof CapabilityDelta
            && ((CapabilityDelta) other).hash == hash
            && Arrays.equals(((CapabilityDelta) other).canonical, canonical));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** The canonical JSON. */
  @Override
  public String toString() {
    return canonicalJson();
  }
}
