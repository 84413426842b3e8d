package dev.triage.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.capability.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the fields of one JSON object, each by any of its names, with errors that carry the path.
 * Remembers which keys it read so the caller can keep or refuse the rest.
 */
final class Fields {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final ObjectNode node;
  private final String path;

  /** The keys read that the object has (absent alternatives are not noted). */
  private final Set<String> read = new HashSet<>();

  private Fields(ObjectNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** The object at {@code path}; anything else is an error. */
  static Fields of(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new InvalidInputException(path, "must be an object, got " + describe(node));
    }
    return new Fields((ObjectNode) node, path);
  }

  /** The path of a key below {@code parent}: {@code a.b}, or {@code a["m.image"]} for odd keys. */
  static String child(String parent, String key) {
    if (IDENTIFIER.matcher(key).matches()) {
      return parent.isEmpty() ? key : parent + "." + key;
    }
    return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  /** The path of an array element. */
  static String index(String parent, int i) {
    return parent + "[" + i + "]";
  }

  String path() {
    return path;
  }

  /**
   * The snake_case name's camelCase form: {@code max_caption_length} → {@code maxCaptionLength}.
   */
  static String camel(String snake) {
    StringBuilder out = new StringBuilder(snake.length());
    boolean upper = false;
    for (int i = 0; i < snake.length(); i++) {
      char c = snake.charAt(i);
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  /** The camelCase name's snake_case form: {@code inlineCode} → {@code inline_code}. */
  static String snake(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The name under which one of the alternatives is present, or null; two present is an error. */
  String present(String... names) {
    String found = null;
    for (String name : names) {
      if (node.has(name)) {
        if (found != null && !found.equals(name)) {
          throw new InvalidInputException(
              child(path, name), "given twice, as \"" + found + "\" and \"" + name + "\"");
        }
        found = name;
        read.add(name);
      }
    }
    return found;
  }

  /** The value of the first present alternative, or null when absent or JSON null. */
  JsonNode get(String... names) {
    String name = present(names);
    if (name == null) {
      return null;
    }
    JsonNode value = node.get(name);
    return value.isNull() ? null : value;
  }

  /** Both spellings of a snake_case field. */
  static String[] spellings(String snake) {
    String camel = camel(snake);
    return camel.equals(snake) ? new String[] {snake} : new String[] {snake, camel};
  }

  String pathOf(String... names) {
    for (String name : names) {
      if (node.has(name)) {
        return child(path, name);
      }
    }
    return child(path, names[0]);
  }

  Level level(String snake) {
    String[] names = spellings(snake);
    JsonNode value = get(names);
    return value == null ? Level.UNSUPPORTED : toLevel(value, pathOf(names));
  }

  static Level toLevel(JsonNode value, String at) {
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new InvalidInputException(at, "must be a level from -2 to 2, got " + describe(value));
    }
    int number = value.intValue();
    if (number < -2 || number > 2) {
      throw new InvalidInputException(at, "must be a level from -2 to 2, got " + number);
    }
    return Level.of(number);
  }

  /** A boolean capability; a level number is accepted too (> 0 is true). */
  boolean flag(String snake) {
    String[] names = spellings(snake);
    JsonNode value = get(names);
    if (value == null) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isIntegralNumber()) {
      return value.longValue() > 0;
    }
    throw new InvalidInputException(
        pathOf(names), "must be a boolean (or a level number), got " + describe(value));
  }

  /** A non-negative whole number that fits an int; absent is 0. */
  int count(String snake) {
    long value = number(snake);
    if (value > Integer.MAX_VALUE) {
      throw new InvalidInputException(
          pathOf(spellings(snake)), "must be at most " + Integer.MAX_VALUE + ", got " + value);
    }
    return (int) value;
  }

  /** A non-negative whole number; absent is 0. */
  long number(String snake) {
    String[] names = spellings(snake);
    JsonNode value = get(names);
    if (value == null) {
      return 0;
    }
    return nonNegative(value, pathOf(names));
  }

  static long nonNegative(JsonNode value, String at) {
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new InvalidInputException(
          at, "must be a whole number of at most 2^63-1, got " + describe(value));
    }
    long number = value.longValue();
    if (number < 0) {
      throw new InvalidInputException(at, "must not be negative, got " + number);
    }
    return number;
  }

  /** A string, or null when absent. */
  String string(String... names) {
    JsonNode value = get(names);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidInputException(pathOf(names), "must be a string, got " + describe(value));
    }
    return value.textValue();
  }

  /** A string that must be present. */
  String requiredString(String name) {
    String value = string(name);
    if (value == null) {
      throw new InvalidInputException(child(path, name), "is required");
    }
    return value;
  }

  /** An object, or null when absent. */
  Fields object(String... names) {
    JsonNode value = get(names);
    return value == null ? null : of(value, pathOf(names));
  }

  /** An array's elements, or null when absent. */
  List<JsonNode> array(String... names) {
    JsonNode value = get(names);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      throw new InvalidInputException(pathOf(names), "must be an array, got " + describe(value));
    }
    List<JsonNode> elements = new ArrayList<>(value.size());
    value.forEach(elements::add);
    return elements;
  }

  /** Each entry of the object, in document order. */
  Iterator<Map.Entry<String, JsonNode>> entries() {
    return node.fields();
  }

  /**
   * The keys not read, with their values: kept by documents that evolve, and written back as read.
   * A number too large for a double would be written back as the string "Infinity", so it is
   * refused here rather than changed.
   */
  Map<String, JsonNode> unread() {
    if (read.size() == node.size()) {
      return Map.of(); // only keys the object has are noted as read: every one was
    }
    Map<String, JsonNode> rest = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(
            entry -> {
              if (!read.contains(entry.getKey())) {
                requireKeepable(entry.getValue(), child(path, entry.getKey()));
                rest.put(entry.getKey(), entry.getValue());
              }
            });
    return rest;
  }

  private static void requireKeepable(JsonNode value, String path) {
    if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
      throw new InvalidInputException(path, "a number too large to keep as read");
    }
    if (value.isObject()) {
      value.fields().forEachRemaining(e -> requireKeepable(e.getValue(), child(path, e.getKey())));
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        requireKeepable(value.get(i), index(path, i));
      }
    }
  }

  /** Refuses keys not read: for wire formats where a typo must not pass silently. */
  void refuseUnread() {
    Iterator<String> rest = unread().keySet().iterator();
    if (rest.hasNext()) {
      throw new InvalidInputException(child(path, rest.next()), "unknown field");
    }
  }

  /**
   * A whole number as the node a parser makes of it (int where it fits, else long), so that a
   * written document equals the parsed original.
   */
  static JsonNode wholeNumber(long value) {
    return value == (int) value
        ? JsonNodeFactory.instance.numberNode((int) value)
        : JsonNodeFactory.instance.numberNode(value);
  }

  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    JsonNodeType type = node.getNodeType();
    switch (type) {
      case STRING:
        String text = node.textValue();
        return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
      case NUMBER:
        return "the number " + node.asText();
      case BOOLEAN:
        return node.asText();
      case NULL:
        return "null";
      case ARRAY:
        return "an array";
      case OBJECT:
        return "an object";
      default:
        return type.name().toLowerCase();
    }
  }
}
