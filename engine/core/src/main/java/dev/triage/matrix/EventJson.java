package dev.triage.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import java.util.regex.Pattern;

/**
 * Reading fields of Matrix JSON with errors that name their path ({@code content.info.size}, {@code
 * content["m.relates_to"].event_id}). Absent and JSON null are the same; a present field of the
 * wrong type is an {@link InvalidInputException}.
 */
final class EventJson {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private EventJson() {}

  /**
   * The path of {@code key} below {@code parent}: {@code a.b}, or {@code a["m.b"]} for odd keys.
   */
  static String child(String parent, String key) {
    if (IDENTIFIER.matcher(key).matches()) {
      return parent.isEmpty() ? key : parent + "." + key;
    }
    return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  /** The value as an object; anything else is an error at {@code path}. */
  static ObjectNode object(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new InvalidInputException(path, "must be an object, got " + describe(node));
    }
    return (ObjectNode) node;
  }

  /** The field's value, or {@code null} when absent or JSON null. */
  static JsonNode get(ObjectNode parent, String key) {
    JsonNode value = parent.get(key);
    return value == null || value.isNull() ? null : value;
  }

  /** An object field, or {@code null} when absent. */
  static ObjectNode optionalObject(ObjectNode parent, String key, String path) {
    JsonNode value = get(parent, key);
    return value == null ? null : object(value, child(path, key));
  }

  /** A required object field. */
  static ObjectNode requiredObject(ObjectNode parent, String key, String path) {
    ObjectNode value = optionalObject(parent, key, path);
    if (value == null) {
      throw new InvalidInputException(child(path, key), "is required");
    }
    return value;
  }

  /** A string field, or {@code null} when absent. */
  static String string(ObjectNode parent, String key, String path) {
    JsonNode value = get(parent, key);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidInputException(child(path, key), "must be a string, got " + describe(value));
    }
    return value.textValue();
  }

  /** A required string field. */
  static String requiredString(ObjectNode parent, String key, String path) {
    String value = string(parent, key, path);
    if (value == null) {
      throw new InvalidInputException(child(path, key), "is required");
    }
    return value;
  }

  /** A required, non-empty string field: an event id, a user id, a key. */
  static String requiredText(ObjectNode parent, String key, String path) {
    String value = requiredString(parent, key, path);
    if (value.isBlank()) {
      throw new InvalidInputException(child(path, key), "must not be empty");
    }
    return value;
  }

  /** A boolean field, or {@code null} when absent. */
  static Boolean bool(ObjectNode parent, String key, String path) {
    JsonNode value = get(parent, key);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      throw new InvalidInputException(
          child(path, key), "must be true or false, got " + describe(value));
    }
    return value.booleanValue();
  }

  /**
   * A non-negative whole number field, or {@code null} when absent. A number with a zero fraction
   * ({@code 1024.0}) is whole; Go's {@code json.Number}, which mautrix reads these with, takes it.
   */
  static Long wholeNumber(ObjectNode parent, String key, String path) {
    JsonNode value = get(parent, key);
    if (value == null) {
      return null;
    }
    String at = child(path, key);
    if (!value.isNumber()) {
      throw new InvalidInputException(at, "must be a whole number, got " + describe(value));
    }
    if (value.isIntegralNumber()) {
      if (!value.canConvertToLong()) {
        throw new InvalidInputException(at, "must be at most 2^63-1, got " + value.asText());
      }
    } else {
      double d = value.doubleValue();
      if (!Double.isFinite(d) || d != Math.rint(d) || Math.abs(d) >= 0x1p63) {
        throw new InvalidInputException(at, "must be a whole number, got " + value.asText());
      }
    }
    long number = value.longValue();
    if (number < 0) {
      throw new InvalidInputException(at, "must not be negative, got " + number);
    }
    return number;
  }

  /** A non-negative whole number field that fits an int, or {@code null} when absent. */
  static Integer smallNumber(ObjectNode parent, String key, String path) {
    Long value = wholeNumber(parent, key, path);
    if (value == null) {
      return null;
    }
    if (value > Integer.MAX_VALUE) {
      throw new InvalidInputException(
          child(path, key), "must be at most " + Integer.MAX_VALUE + ", got " + value);
    }
    return value.intValue();
  }

  static String describe(JsonNode node) {
    return TriageJson.describe(node);
  }
}
