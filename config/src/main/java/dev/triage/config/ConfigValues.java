package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.adapter.AdapterSettings;
import dev.triage.capability.Capabilities;
import dev.triage.json.CapabilityDelta;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One validation pass's value readers: each reads a YAML value at a path, expands {@code ${VAR}} in
 * strings, and records a problem naming the path instead of throwing, so every problem of a file is
 * reported at once.
 */
class ConfigValues {
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
  private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KiB|MiB|GiB)?");

  /** Every problem found, each {@code "path: what is wrong"}. */
  final List<String> problems = new ArrayList<>();

  private final Function<String, String> environment;

  ConfigValues(Function<String, String> environment) {
    this.environment = environment;
  }

  /** A library error about the document at {@code path}, reported under its full path. */
  void problem(String path, InvalidInputException e) {
    problems.add(path + (e.path().isEmpty() ? "" : "." + e.path()) + ": " + e.problem());
  }

  String oneOf(JsonNode node, String path, Set<String> allowed) {
    String value = string(node, path);
    if (value != null && !allowed.contains(value)) {
      problems.add(
          path + ": must be one of " + new java.util.TreeSet<>(allowed) + ", got " + value);
      return null;
    }
    return value;
  }

  /** A timeout of zero would close every connection at once: refused, keeping the default. */
  Duration positive(Duration value, String path) {
    if (value.isZero()) {
      problems.add(path + ": must be longer than 0");
      return Duration.ofSeconds(1);
    }
    return value;
  }

  /**
   * The capabilities a section names: a shipped profile, a whole document, or a profile with the
   * document as a delta over it; {@code null} (and a problem) when neither is given or either is
   * wrong.
   */
  Capabilities capabilities(String path, String profileName, JsonNode caps) {
    Capabilities base = null;
    if (profileName != null) {
      base = ShippedProfiles.get(profileName).orElse(null);
      if (base == null) {
        problems.add(
            path
                + ".profile: no shipped profile named "
                + profileName
                + " (see triage.jar profiles)");
      }
    }
    Capabilities capabilities = base;
    if (caps != null && !caps.isNull()) {
      try {
        // With a profile, capabilities is a delta over it; alone, it is the whole document.
        capabilities =
            base != null
                ? CapabilityDelta.of(expand(caps, path + ".capabilities")).applyTo(base)
                : TriageJson.readCapabilities(expand(caps, path + ".capabilities"));
      } catch (InvalidInputException e) {
        problem(path + ".capabilities", e);
      }
    } else if (profileName == null) {
      problems.add(path + ": give a profile, capabilities, or both");
    }
    return capabilities;
  }

  URI httpUrl(String text, String path) {
    try {
      URI uri = new URI(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    problems.add(path + ": not an http(s) URL: " + text);
    return null;
  }

  boolean flag(JsonNode node, String path, boolean fallback) {
    String value = oneOf(node, path, Set.of("true", "false"));
    return value == null ? fallback : Boolean.parseBoolean(value);
  }

  boolean object(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      problems.add(path + ": must be a mapping");
      return false;
    }
    return true;
  }

  void keys(JsonNode node, String path, Set<String> known) {
    node.fieldNames()
        .forEachRemaining(
            key -> {
              if (!known.contains(key)) {
                problems.add(
                    (path.isEmpty() ? "" : path + ".")
                        + key
                        + ": unknown key (known: "
                        + String.join(", ", new java.util.TreeSet<>(known))
                        + ")");
              }
            });
  }

  String string(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isValueNode() || node.isBinary()) {
      problems.add(path + ": must be a text value");
      return null;
    }
    return expand(node.asText(), path);
  }

  Integer integer(JsonNode node, String path, int min, int max) {
    if (node == null || node.isNull()) {
      return null;
    }
    String text = node.isTextual() ? expand(node.textValue(), path) : node.asText();
    if (text == null) {
      return null;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value < min || value > max) {
        problems.add(path + ": must be between " + min + " and " + max + ", got " + value);
        return null;
      }
      return value;
    } catch (NumberFormatException e) {
      problems.add(path + ": must be a whole number, got " + text);
      return null;
    }
  }

  Integer integerOr(JsonNode node, String path, int min, int max, int fallback) {
    Integer value = integer(node, path, min, max);
    return value == null ? fallback : value;
  }

  Duration duration(JsonNode node, String path) {
    String text = string(node, path);
    if (text == null) {
      return null;
    }
    Duration value = AdapterSettings.parseDuration(text);
    if (value == null) {
      problems.add(path + ": not a duration like 250ms, 5s, 2m or 1h: " + text);
    }
    return value;
  }

  Duration durationOr(JsonNode node, String path, Duration fallback) {
    Duration value = duration(node, path);
    return value == null ? fallback : value;
  }

  Long size(JsonNode node, String path) {
    String text = string(node, path);
    if (text == null) {
      return null;
    }
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      problems.add(path + ": not a size like 1048576, 512KiB or 1MiB: " + text);
      return null;
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    long factor =
        unit.equals("KiB")
            ? 1024
            : unit.equals("MiB") ? 1024 * 1024 : unit.equals("GiB") ? 1024L * 1024 * 1024 : 1;
    if (amount < 1) {
      problems.add(path + ": must be at least 1 byte");
      return null;
    }
    return amount * factor;
  }

  /** Expands variables in a string; a variable that is unset and has no default is a problem. */
  String expand(String text, String path) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = environment.apply(m.group(1));
      if (value == null) {
        value = m.group(2) != null ? m.group(3) : null;
      }
      if (value == null) {
        problems.add(
            path
                + ": environment variable "
                + m.group(1)
                + " is not set (write ${"
                + m.group(1)
                + ":-default} for a default)");
        value = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Expands variables in every string of a tree (capability documents may use them too). */
  JsonNode expand(JsonNode node, String path) {
    if (node.isTextual()) {
      return JsonNodeFactory.instance.textNode(expand(node.textValue(), path));
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      node.fields()
          .forEachRemaining(
              e -> out.set(e.getKey(), expand(e.getValue(), path + "." + e.getKey())));
      return out;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        out.add(expand(node.get(i), path + "[" + i + "]"));
      }
      return out;
    }
    return node;
  }
}
