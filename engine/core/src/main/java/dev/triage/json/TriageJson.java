package dev.triage.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
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
          // Written as bytes, a character past U+FFFF (an emoji) is its four UTF-8 bytes, as a
          // String written by Vert.x was, not a pair of \\u escapes.
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
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

  /**
   * Reads trees with the mapper's settings; made once, since the mapper would look up the root type
   * and its deserializer again on every read.
   */
  private static final ObjectReader TREES = MAPPER.readerFor(JsonNode.class);

  private TriageJson() {}

  /** Parses JSON text; malformed or over-limit input is an {@link InvalidInputException}. */
  public static JsonNode parse(String json) {
    try {
      return requireDocument(TREES.readTree(json));
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
      JsonNode node = TREES.readTree(json);
      if (maySpellSurrogates(json)) {
        return requireDocument(node);
      }
      requirePresent(node);
      return node;
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
      return requireDocument(TREES.readTree(json));
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode requireDocument(JsonNode node) {
    requirePresent(node);
    requireUnicode(node, "");
    return node;
  }

  private static void requirePresent(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      throw new InvalidInputException("", "empty input: expected a JSON document");
    }
  }

  /**
   * Whether JSON bytes can hold a lone surrogate once parsed: in UTF-8 only through a {@code
   * \uD800}–{@code \uDFFF} escape or a surrogate encoded as UTF-8 bytes ({@code ED A0}–{@code ED
   * BF}). Most bodies have neither, and then no string of the tree needs to be read again.
   */
  static boolean maySpellSurrogates(byte[] json) {
    // The parser reads UTF-16 and UTF-32 too (a zero byte or a byte-order mark among the first
    // four tells them), where the scan below sees nothing: those are always checked.
    for (int i = 0; i < Math.min(4, json.length); i++) {
      if (json[i] == 0 || json[i] == (byte) 0xFE || json[i] == (byte) 0xFF) {
        return true;
      }
    }
    for (int i = 0; i + 1 < json.length; i++) {
      byte b = json[i];
      if (b == '\\') {
        if (json[i + 1] == 'u'
            && i + 3 < json.length
            && (json[i + 2] | 0x20) == 'd'
            && isSurrogateSecondDigit(json[i + 3])) {
          return true;
        }
        i++; // the escaped character: "\\u" is a backslash, then a u
      } else if (b == (byte) 0xED && (json[i + 1] & 0xE0) == 0xA0) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSurrogateSecondDigit(byte b) {
    return b == '8' || b == '9' || ((b | 0x20) >= 'a' && (b | 0x20) <= 'f');
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
    return (ObjectNode)
        tree(
            json -> {
              json.writeStartObject();
              writeVerdictFields(verdict, json);
              json.writeEndObject();
            });
  }

  /**
   * Writes a verdict's fields, as {@link #writeVerdict} has them, into the object {@code out} is
   * in: for answers streamed without a tree, which put their own fields (a {@code decisionID})
   * first. The one writer of a verdict.
   */
  public static void writeVerdictFields(Verdict verdict, JsonGenerator out) throws IOException {
    out.writeStringField("decision", verdict.decision().wireName());
    out.writeArrayFieldStart("actions");
    for (Action action : verdict.actions()) {
      ActionCodec.write(action, out);
    }
    out.writeEndArray();
    out.writeArrayFieldStart("notes");
    for (Note note : verdict.notes()) {
      out.writeStartObject();
      out.writeStringField("code", note.code().code());
      out.writeStringField("capability", note.capability());
      if (note.level() != null) {
        out.writeNumberField("level", note.level().value());
      }
      out.writeStringField("message", note.message());
      out.writeEndObject();
    }
    out.writeEndArray();
    if (verdict.status() != null) {
      out.writeObjectFieldStart("status");
      out.writeStringField("status", verdict.status().status().name());
      if (verdict.status().reason() != null) {
        out.writeStringField("reason", verdict.status().reason());
      }
      out.writeStringField("message", verdict.status().message());
      out.writeEndObject();
    }
    if (!verdict.explanation().isEmpty()) {
      out.writeArrayFieldStart("explanation");
      for (Check check : verdict.explanation()) {
        out.writeStartObject();
        out.writeStringField("capability", check.capability());
        out.writeStringField("value", check.value());
        out.writeStringField("rule", check.rule());
        out.writeEndObject();
      }
      out.writeEndArray();
    }
  }

  /** Writes JSON to a generator; may throw what a generator throws. */
  @FunctionalInterface
  public interface JsonWriting {
    /** Writes one JSON value to {@code out}. */
    void write(JsonGenerator out) throws IOException;
  }

  /** What {@code writing} writes, as compact UTF-8 bytes: answers streamed without a tree. */
  public static byte[] bytes(JsonWriting writing) {
    ByteArrayBuilder out = new ByteArrayBuilder(MAPPER.getFactory()._getBufferRecycler(), 1024);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      writing.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory", e);
    }
    byte[] bytes = out.toByteArray();
    out.release();
    return bytes;
  }

  /** What {@code writing} writes, as a tree: the same values a parser would make of its text. */
  static JsonNode tree(JsonWriting writing) {
    try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
      writing.write(buffer);
      try (JsonParser parser = buffer.asParser(MAPPER)) {
        return MAPPER.readTree(parser);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory", e);
    }
  }

  /**
   * A JSON value in words, for error messages: {@code the string "big"}, {@code the number 5},
   * {@code an array}, {@code nothing}.
   */
  public static String describe(JsonNode node) {
    return Fields.describe(node);
  }

  /** Compact JSON of a node as UTF-8 bytes: what goes on the wire, without a String between. */
  public static byte[] toBytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
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
