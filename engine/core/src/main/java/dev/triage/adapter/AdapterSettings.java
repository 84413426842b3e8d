package dev.triage.adapter;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An adapter's settings as configured — its keys other than {@code type}, with environment
 * variables already expanded — read by typed getters that collect every problem with its key
 * instead of stopping at the first. An {@link AdapterFactory} reads its own settings with this, so
 * the configuration loader needs to know no adapter's keys.
 *
 * <pre>{@code
 * URI url = settings.url("url", true);
 * Duration timeout = settings.duration("timeout", Duration.ofSeconds(5));
 * settings.onlyKeys("url", "timeout");
 * }</pre>
 */
public final class AdapterSettings {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private final Map<String, Object> raw;
  private final List<String> problems = new ArrayList<>();

  /**
   * Settings over raw values as a YAML or JSON reader gives them: strings, numbers, booleans, lists
   * and maps.
   */
  public AdapterSettings(Map<String, ?> raw) {
    this.raw = new LinkedHashMap<>(Objects.requireNonNull(raw, "raw"));
  }

  /** The raw values, as configured. */
  public Map<String, Object> raw() {
    return java.util.Collections.unmodifiableMap(raw);
  }

  /** Every problem found so far, each {@code "key: what is wrong"}. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Records a problem of the factory's own finding (a combination of keys, say). */
  public void problem(String key, String message) {
    problems.add(key + ": " + message);
  }

  /** Reports every key not among {@code known}: a typo must not pass silently. */
  public void onlyKeys(String... known) {
    Set<String> allowed = Set.of(known);
    for (String key : raw.keySet()) {
      if (!allowed.contains(key)) {
        problems.add(
            key + ": unknown setting (known: " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
  }

  /** A text value, or {@code null} when absent (a problem when {@code required}). */
  public String text(String key, boolean required) {
    Object value = raw.get(key);
    if (value == null || value.toString().isEmpty()) {
      if (required) {
        problems.add(key + ": is required");
      }
      return null;
    }
    if (value instanceof Map || value instanceof List) {
      problems.add(key + ": must be a text value");
      return null;
    }
    return value.toString();
  }

  /** An http(s) URL with a host, or {@code null} when absent (a problem when {@code required}). */
  public URI url(String key, boolean required) {
    String text = text(key, false);
    if (text == null) {
      if (required) {
        problems.add(key + ": is required (an http(s) URL)");
      }
      return null;
    }
    try {
      URI uri = new URI(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    problems.add(key + ": not an http(s) URL: " + text);
    return null;
  }

  /**
   * A duration like {@code 250ms}, {@code 5s}, {@code 2m} or {@code 1h}; {@code fallback} if
   * absent.
   */
  public Duration duration(String key, Duration fallback) {
    String text = text(key, false);
    if (text == null) {
      return fallback;
    }
    Duration value = parseDuration(text);
    if (value == null) {
      problems.add(key + ": not a duration like 250ms, 5s, 2m or 1h: " + text);
      return fallback;
    }
    return value;
  }

  /** A whole number from {@code min} to {@code max}; {@code fallback} if absent. */
  public int integer(String key, int min, int max, int fallback) {
    String text = text(key, false);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
      problems.add(key + ": must be between " + min + " and " + max + ", got " + value);
    } catch (NumberFormatException e) {
      problems.add(key + ": must be a whole number, got " + text);
    }
    return fallback;
  }

  /** {@code true} or {@code false}; {@code fallback} if absent. */
  public boolean flag(String key, boolean fallback) {
    String text = text(key, false);
    if (text == null) {
      return fallback;
    }
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    problems.add(key + ": must be true or false, got " + text);
    return fallback;
  }

  /**
   * Parses {@code 250ms}, {@code 5s}, {@code 2m} or {@code 1h}; {@code null} if it is none of
   * those. The one duration syntax of the configuration.
   */
  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return null;
    }
    switch (m.group(2)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      default:
        return Duration.ofHours(amount);
    }
  }
}
