package dev.triage.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Spelling;
import dev.triage.json.TriageJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changes between two capability documents, field by field, with what each change means for
 * senders ({@code edit: 2 → 0 — edits become new messages}). Bridge authors read it when they
 * change what their bridge advertises.
 */
public final class CapabilityDiff {
  /** Top-level fields that are the action itself: at -1 the action is dropped, not stripped. */
  private static final Set<String> WHOLE_ACTIONS =
      Set.of("edit", "delete", "reaction", "poll", "location_message");

  private static final Set<String> LEVEL_FIELDS =
      Set.of("edit", "delete", "reaction", "poll", "location_message", "thread", "reply");

  /**
   * One changed field.
   *
   * @param field the field, in room_features spelling ({@code file.m.image.max_size})
   * @param before its value before, or {@code null} when absent
   * @param after its value after, or {@code null} when absent
   * @param meaning what the change means for senders
   */
  public record Change(String field, String before, String after, String meaning) {
    /** {@code field: before → after — meaning}. */
    @Override
    public String toString() {
      return field
          + ": "
          + (before == null ? "—" : before)
          + " → "
          + (after == null ? "—" : after)
          + " — "
          + meaning;
    }
  }

  private CapabilityDiff() {}

  /** The changes from {@code before} to {@code after}, sorted by field. */
  public static List<Change> between(Capabilities before, Capabilities after) {
    Map<String, JsonNode> a = flatten(TriageJson.writeCapabilities(before, Spelling.ROOM_FEATURES));
    Map<String, JsonNode> b = flatten(TriageJson.writeCapabilities(after, Spelling.ROOM_FEATURES));
    Set<String> fields = new TreeSet<>(a.keySet());
    fields.addAll(b.keySet());
    List<Change> changes = new ArrayList<>();
    for (String field : fields) {
      JsonNode x = a.get(field);
      JsonNode y = b.get(field);
      if (x != null && x.equals(y)) {
        continue;
      }
      changes.add(
          new Change(
              field, x == null ? null : text(x), y == null ? null : text(y), meaning(field, x, y)));
    }
    return changes;
  }

  /**
   * What Triage does with one field at one value, in the present tense ({@code edit} at 0: "edits
   * become new messages starting with *"): the meaning {@link #between} gives for a change to it,
   * without the "now". {@code value} is the field's room_features value, {@code null} when absent.
   */
  static String describe(String field, JsonNode value) {
    String meaning = meaning(field, null, value);
    if (meaning.equals("no limit any more")) {
      return "no limit";
    }
    if (meaning.startsWith("now limited: ")) {
      return "limit: " + meaning.substring("now limited: ".length());
    }
    return meaning.startsWith("now ") ? meaning.substring(4) : meaning;
  }

  private static String text(JsonNode value) {
    return value.isTextual() ? value.textValue() : TriageJson.toJson(value);
  }

  /** Leaves of the document by dotted path; lists are leaves; state entries are their level. */
  private static Map<String, JsonNode> flatten(ObjectNode document) {
    Map<String, JsonNode> out = new TreeMap<>();
    flatten("", document, out);
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
    if (node.isObject()) {
      if (prefix.startsWith("state.") && node.has("level") && node.size() == 1) {
        out.put(prefix, node.get("level"));
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        flatten(
            prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(),
            entry.getValue(),
            out);
      }
    } else {
      out.put(prefix, node);
    }
  }

  private static String meaning(String field, JsonNode before, JsonNode after) {
    String last = field.substring(field.lastIndexOf('.') + 1);
    if (field.equals("id")) {
      return "the document's id; decisions do not depend on it";
    }
    if (field.contains(".mime_types.") && after == null) {
      return "no entry of its own any more: a wider pattern (major/*, */*) decides, else rejected";
    }
    if (isLevel(field)) {
      return levelMeaning(field, after == null ? 0 : after.asInt());
    }
    if (last.startsWith("max_")
        || last.endsWith("_max_age")
        || last.endsWith("_max_count")
        || last.equals("reaction_count")
        || last.startsWith("poll_max")
        || last.startsWith("poll_option")) {
      return limitMeaning(
          field, last, before == null ? 0 : before.asLong(), after == null ? 0 : after.asLong());
    }
    Flag flag = Flag.at(field);
    if (flag != null) {
      return after != null && after.asBoolean() ? "now supported" : flag.whenFalse().meaning();
    }
    if (field.equals("allowed_reactions")) {
      if (after == null) {
        return "omitted: every reaction is allowed";
      }
      return after.isEmpty()
          ? "no reaction is allowed any more"
          : "only these reactions are allowed";
    }
    if (field.startsWith("disappearing_timer")) {
      return "other timers are rejected, never replaced";
    }
    return "not used by Triage; kept as is";
  }

  private static boolean isLevel(String field) {
    return LEVEL_FIELDS.contains(field)
        || field.startsWith("formatting.")
        || field.startsWith("state.")
        || field.startsWith("member_actions.")
        || field.startsWith("message_request.")
        || field.contains(".mime_types.")
        || (field.startsWith("file.") && field.endsWith(".caption"));
  }

  private static String levelMeaning(String field, int level) {
    if (level >= 2) {
      return "now sent as is";
    }
    if (level == 1) {
      return "sent, but the network may convert it";
    }
    if (level <= -2) {
      return "now rejected";
    }
    boolean whole =
        WHOLE_ACTIONS.contains(field)
            || field.startsWith("state.")
            || field.startsWith("member_actions.")
            || field.startsWith("message_request.");
    if (level == -1) {
      if (field.equals("reply")) {
        return "replies become threads where threads work, else are removed and the rest sent";
      }
      if (field.contains(".mime_types.")) {
        return "such files are removed and their caption sent; without one, not sent (a failure)";
      }
      return whole
          ? "now dropped: not sent, and the sender is told so"
          : "now removed, and the rest sent";
    }
    switch (field) {
      case "edit":
        return "edits become new messages starting with *";
      case "reply":
        return "replies become threads where threads work, else quotes (or plain messages)";
      case "thread":
        return "thread messages become replies to the thread root";
      case "poll":
        return "polls become text with numbered options";
      case "location_message":
        return "locations become text with a geo: link";
      case "formatting.spoiler":
        return "messages with spoilers are rejected: a spoiler is never shown";
      default:
        if (field.startsWith("formatting.")) {
          return "falls back to plain text that keeps the meaning";
        }
        if (field.endsWith(".caption")) {
          return "captions are sent as their own message after the file";
        }
        if (field.contains(".mime_types.")) {
          return "such files are sent as m.file where m.file takes them, else rejected";
        }
        return "now rejected: no fallback keeps the meaning";
    }
  }

  private static String limitMeaning(String field, String last, long before, long after) {
    if (after == 0) {
      return "no limit any more";
    }
    String over;
    if (last.equals("max_text_length")) {
      over = "longer texts are split into several messages";
    } else if (last.equals("max_caption_length")) {
      over = "longer captions are sent as their own message";
    } else if (last.endsWith("_max_age")) {
      over = "older messages are rejected as too old";
    } else {
      over = "anything over it is rejected";
    }
    if (before == 0) {
      return "now limited: " + over;
    }
    return (after < before ? "stricter: " : "looser: ") + over;
  }
}
