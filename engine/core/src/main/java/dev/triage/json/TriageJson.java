package dev.triage.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Spelling;
import dev.triage.verdict.Check;
import dev.triage.verdict.Note;
import dev.triage.verdict.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The JSON wire format: capability documents in either spelling, actions and verdicts. Every reader
 * throws {@link InvalidInputException} naming the path of what is wrong; none throws anything else
 * on bad input.
 *
 * <p>The parser is bounded (nesting depth {@value #MAX_DEPTH}, strings up to {@value
 * #MAX_STRING_LENGTH} characters, numbers up to {@value #MAX_NUMBER_LENGTH} digits), so hostile
 * input costs little.
 */
public final class TriageJson {
  /** The deepest nesting accepted. Real documents nest 4 levels. */
  public static final int MAX_DEPTH = 64;

  /** The longest string accepted, in characters. */
  public static final int MAX_STRING_LENGTH = 4 * 1024 * 1024;

  /** The longest number accepted, in characters. */
  public static final int MAX_NUMBER_LENGTH = 100;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build());
  }

  private TriageJson() {}

  /** Parses JSON text; malformed or over-limit input is an {@link InvalidInputException}. */
  public static JsonNode parse(String json) {
    try {
      return requireDocument(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw malformed(e);
    }
  }

  /**
   * Parses JSON from UTF-8 bytes, as they came off the wire: bytes that are not UTF-8 are refused
   * with their position rather than read as U+FFFD; malformed or over-limit input is an {@link
   * InvalidInputException}.
   */
  public static JsonNode parse(byte[] json) {
    try {
      return requireDocument(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses JSON from a stream; malformed or over-limit input is an {@link InvalidInputException}.
   */
  public static JsonNode parse(InputStream json) {
    try {
      return requireDocument(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode requireDocument(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      throw new InvalidInputException("", "empty input: expected a JSON document");
    }
    requireUnicode(node, "");
    return node;
  }

  /**
   * JSON's {@code \\uD800} escapes can spell a lone surrogate, which is no Unicode text: a writer
   * would turn it into {@code ?} or invalid UTF-8. Refused, naming where, like invalid UTF-8.
   */
  private static void requireUnicode(JsonNode node, String path) {
    if (node.isTextual()) {
      int at = loneSurrogate(node.textValue());
      if (at >= 0) {
        throw new InvalidInputException(
            path,
            "not valid Unicode: a lone surrogate \\u"
                + Integer.toHexString(node.textValue().charAt(at))
                + " at character "
                + at);
      }
    } else if (node.isObject()) {
      var fields = node.fields();
      while (fields.hasNext()) {
        var field = fields.next();
        String name = field.getKey();
        String child = path.isEmpty() ? name : path + "." + name;
        if (loneSurrogate(name) >= 0) {
          throw new InvalidInputException(path, "not valid Unicode: a key with a lone surrogate");
        }
        requireUnicode(field.getValue(), child);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        requireUnicode(node.get(i), path + "[" + i + "]");
      }
    }
  }

  /** The index of the first unpaired surrogate in {@code s}, or -1. */
  static int loneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  private static InvalidInputException malformed(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return new InvalidInputException("", "too large or too deep: " + e.getOriginalMessage());
    }
    String kind = e instanceof JsonParseException ? "malformed JSON" : "unreadable JSON";
    return new InvalidInputException("", kind + location(e) + ": " + e.getOriginalMessage());
  }

  /**
   * Where a Jackson parser (JSON or YAML) stopped, as {@code " at line L, column C"}, or "" when it
   * does not say: for error messages that point at the input.
   */
  public static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  /** Reads a capability document in either spelling. */
  public static Capabilities readCapabilities(JsonNode document) {
    return CapabilitiesCodec.read(document);
  }

  /** Parses and reads a capability document in either spelling. */
  public static Capabilities readCapabilities(String json) {
    return readCapabilities(parse(json));
  }

  /** Writes capabilities in the given spelling. */
  public static ObjectNode writeCapabilities(Capabilities capabilities, Spelling spelling) {
    return CapabilitiesCodec.write(capabilities, spelling);
  }

  /** Reads an action; errors name paths relative to the action. */
  public static Action readAction(JsonNode node) {
    return ActionCodec.read(node, "");
  }

  /** Reads an action found at {@code path} in a larger document, for errors that name it. */
  public static Action readAction(JsonNode node, String path) {
    return ActionCodec.read(node, path);
  }

  /** Parses and reads an action. */
  public static Action readAction(String json) {
    return readAction(parse(json));
  }

  /** Writes an action in the wire format. */
  public static ObjectNode writeAction(Action action) {
    return ActionCodec.write(action);
  }

  /**
   * Writes a verdict: {@code decision}, {@code actions}, {@code notes}, then {@code status} for
   * drop and reject, and {@code explanation} when the verdict has one.
   */
  public static ObjectNode writeVerdict(Verdict verdict) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("decision", verdict.decision().wireName());
    ArrayNode actions = out.putArray("actions");
    verdict.actions().forEach(action -> actions.add(writeAction(action)));
    ArrayNode notes = out.putArray("notes");
    for (Note note : verdict.notes()) {
      ObjectNode n = notes.addObject();
      n.put("code", note.code().code());
      n.put("capability", note.capability());
      if (note.level() != null) {
        n.put("level", note.level().value());
      }
      n.put("message", note.message());
    }
    if (verdict.status() != null) {
      ObjectNode status = out.putObject("status");
      status.put("status", verdict.status().status().name());
      if (verdict.status().reason() != null) {
        status.put("reason", verdict.status().reason());
      }
      status.put("message", verdict.status().message());
    }
    if (!verdict.explanation().isEmpty()) {
      ArrayNode explanation = out.putArray("explanation");
      for (Check check : verdict.explanation()) {
        ObjectNode c = explanation.addObject();
        c.put("capability", check.capability());
        c.put("value", check.value());
        c.put("rule", check.rule());
      }
    }
    return out;
  }

  /**
   * A JSON value in words, for error messages: {@code the string "big"}, {@code the number 5},
   * {@code an array}, {@code nothing}.
   */
  public static String describe(JsonNode node) {
    return Fields.describe(node);
  }

  /** Compact JSON text of a node. */
  public static String toJson(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
