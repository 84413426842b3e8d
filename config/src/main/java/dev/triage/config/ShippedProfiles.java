package dev.triage.config;

import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The capability profiles of real bridges that ship with Triage, by name: {@code whatsapp}, {@code
 * whatsapp.group}, {@code telegram.dm_premium}, … Each is read once and shared: profiles are
 * immutable, so any number of chats can point at one instance.
 */
public final class ShippedProfiles {
  private static final String FOLDER = "/dev/triage/profiles/";

  private static final Map<String, Capabilities> PROFILES = load();

  private ShippedProfiles() {}

  /** Every profile name, sorted. */
  public static List<String> names() {
    return List.copyOf(PROFILES.keySet());
  }

  /** The profile with this name, if one ships. */
  public static Optional<Capabilities> get(String name) {
    return Optional.ofNullable(PROFILES.get(name));
  }

  /** Every profile by name. */
  public static Map<String, Capabilities> all() {
    return PROFILES;
  }

  /** The raw JSON text of a shipped profile, as transcribed from the bridge. */
  public static Optional<String> rawJson(String name) {
    if (!PROFILES.containsKey(name)) {
      return Optional.empty();
    }
    try (InputStream in = open(name + ".json")) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Capabilities> load() {
    Map<String, Capabilities> profiles = new LinkedHashMap<>();
    try (BufferedReader index =
        new BufferedReader(new InputStreamReader(open("index.txt"), StandardCharsets.UTF_8))) {
      for (String line = index.readLine(); line != null; line = index.readLine()) {
        String name = line.strip();
        if (name.isEmpty()) {
          continue;
        }
        try (InputStream in = open(name + ".json")) {
          profiles.put(name, TriageJson.readCapabilities(TriageJson.parse(in)));
        } catch (InvalidInputException e) {
          throw new IllegalStateException("shipped profile " + name + " is invalid: " + e, e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Collections.unmodifiableMap(new java.util.TreeMap<>(profiles));
  }

  private static InputStream open(String resource) throws IOException {
    InputStream in = ShippedProfiles.class.getResourceAsStream(FOLDER + resource);
    if (in == null) {
      throw new IOException("missing resource " + FOLDER + resource);
    }
    return in;
  }

  /**
   * One line of the few facts a bridge author looks for first, as {@code triage profiles} prints.
   */
  public static String summary(Capabilities caps) {
    List<String> facts = new ArrayList<>();
    facts.add(caps.maxTextLength() == 0 ? "text unlimited" : "text " + caps.maxTextLength());
    facts.add(
        feature("edit", caps.edit())
            + (caps.edit().isSupported() && !caps.editMaxAge().isZero()
                ? " " + caps.editMaxAge().toMinutes() + " min"
                : ""));
    facts.add(feature("reply", caps.reply()));
    facts.add(feature("thread", caps.thread()));
    facts.add(
        feature("reaction", caps.reaction())
            + (caps.reaction().isSupported() && caps.reactionCount() > 0
                ? " ×" + caps.reactionCount()
                : ""));
    facts.add(feature("poll", caps.poll()));
    facts.add(caps.files().size() + " file types");
    long formats = caps.formatting().values().stream().filter(Level::isSupported).count();
    facts.add(formats + " formats");
    return String.join(", ", facts) + (caps.id() == null ? "" : "  [" + caps.id() + "]");
  }

  private static String feature(String name, Level level) {
    switch (level) {
      case FULL:
        return name;
      case PARTIAL:
        return name + "~";
      case UNSUPPORTED:
        return "no " + name;
      case DROPPED:
        return name + " dropped";
      default:
        return name + " rejected";
    }
  }
}
