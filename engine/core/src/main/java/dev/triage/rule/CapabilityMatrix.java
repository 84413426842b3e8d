package dev.triage.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Spelling;
import dev.triage.format.FormattingFeature;
import dev.triage.json.TriageJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Capability documents side by side: one column per document, one row per capability field, grouped
 * as a reader looks for them (messages, files per msgtype, formatting, reactions, polls, state,
 * members, chat). Each cell holds the field's value, a short text for it, the level it acts as (for
 * colour) and what Triage does with it. The sidecar's page, its JSON route and {@code triage
 * matrix} all print this one model, and it names fields and says what they mean exactly as {@link
 * CapabilityDiff} does, so none of them can disagree with another.
 */
public final class CapabilityMatrix {
  /** The msgtypes a chat may list under {@code file}, base types first. */
  private static final List<String> MSGTYPES =
      List.of(
          "m.image",
          "m.video",
          "m.audio",
          "m.file",
          "org.matrix.msc3245.voice",
          "fi.mau.gif",
          "m.sticker");

  /** Where a pseudo-msgtype the chat does not list is sent instead. */
  private static final Map<String, String> FALLS_BACK_TO =
      Map.of(
          "org.matrix.msc3245.voice", "m.audio",
          "fi.mau.gif", "m.video or m.image",
          "m.sticker", "m.image");

  /**
   * A group of rows.
   *
   * @param key a stable key ({@code messages}, {@code file.m.image}, {@code formatting}, …)
   * @param title its heading
   * @param rows its rows, in reading order
   */
  public record Group(String key, String title, List<Row> rows) {
    /** Takes an unmodifiable copy of the rows. */
    public Group {
      rows = List.copyOf(rows);
    }
  }

  /**
   * One capability across the documents.
   *
   * @param field the field in room_features spelling, as {@code diff} names it ({@code
   *     file.m.image.max_size}, {@code formatting.spoiler})
   * @param label what a reader calls it
   * @param cells one per column, in column order
   */
  public record Row(String field, String label, List<Cell> cells) {
    /** Takes an unmodifiable copy of the cells. */
    public Row {
      cells = List.copyOf(cells);
    }
  }

  /**
   * One document's value for one field.
   *
   * @param value the value as the document has it (room_features spelling), {@code null} when
   *     absent
   * @param text a short rendering for the cell ({@code 2}, {@code 100 MiB}, {@code 15 min}, {@code
   *     yes}, {@code ∞} for no limit, {@code —} where the row does not apply)
   * @param level the level (-2..2) the value acts as, for colour; {@code null} for a limit, which
   *     is not a level
   * @param meaning what Triage does with it
   */
  public record Cell(JsonNode value, String text, Integer level, String meaning) {}

  private enum Kind {
    LEVEL,
    LIMIT,
    BOOLEAN,
    MIME_TYPES,
    ALLOWED_REACTIONS,
    DISAPPEARING_TIMER
  }

  enum Unit {
    COUNT,
    CODE_POINTS,
    BYTES,
    SECONDS,
    PIXELS
  }

  private record Spec(String field, String label, Kind kind, Unit unit) {
    static Spec level(String field, String label) {
      return new Spec(field, label, Kind.LEVEL, null);
    }

    static Spec limit(String field, String label, Unit unit) {
      return new Spec(field, label, Kind.LIMIT, unit);
    }

    static Spec bool(String field, String label) {
      return new Spec(field, label, Kind.BOOLEAN, null);
    }
  }

  private final List<String> columns;
  private final List<Group> groups;

  private CapabilityMatrix(List<String> columns, List<Group> groups) {
    this.columns = List.copyOf(columns);
    this.groups = List.copyOf(groups);
  }

  /**
   * The matrix of {@code documents}, one column per entry in the map's order. Level, boolean and
   * composite rows are always there (a missing level means something too); a limit row only when
   * some document sets that limit.
   */
  public static CapabilityMatrix of(Map<String, Capabilities> documents) {
    List<String> names = new ArrayList<>(documents.keySet());
    List<ObjectNode> docs = new ArrayList<>();
    documents
        .values()
        .forEach(c -> docs.add(TriageJson.writeCapabilities(c, Spelling.ROOM_FEATURES)));
    List<Group> groups = new ArrayList<>();
    groups.add(group("messages", "Messages", messageRows(), docs));
    for (String msgtype : MSGTYPES) {
      groups.add(group("file." + msgtype, "Files: " + msgtype, fileRows(msgtype), docs));
    }
    List<Spec> formatting = new ArrayList<>();
    for (FormattingFeature feature : FormattingFeature.values()) {
      formatting.add(Spec.level(feature.capability(), feature.key()));
    }
    groups.add(group("formatting", "Formatting", formatting, docs));
    groups.add(
        group(
            "reactions",
            "Reactions",
            List.of(
                Spec.level("reaction", "reactions"),
                Spec.limit("reaction_count", "per sender", Unit.COUNT),
                new Spec("allowed_reactions", "allowed", Kind.ALLOWED_REACTIONS, null),
                Spec.bool("custom_emoji_reactions", "custom emoji")),
            docs));
    groups.add(
        group(
            "polls",
            "Polls",
            List.of(
                Spec.level("poll", "polls"),
                Spec.limit("poll_max_options", "options", Unit.COUNT),
                Spec.limit("poll_option_max_length", "option length", Unit.CODE_POINTS)),
            docs));
    groups.add(
        group(
            "state",
            "State",
            List.of(
                Spec.level("state.m.room.name", "title"),
                Spec.level("state.m.room.topic", "description"),
                Spec.level("state.m.room.avatar", "avatar"),
                Spec.level("state.com.beeper.disappearing_timer", "disappearing timer"),
                new Spec("disappearing_timer", "timers allowed", Kind.DISAPPEARING_TIMER, null)),
            docs));
    groups.add(
        group(
            "members",
            "Members",
            List.of(
                Spec.level("member_actions.invite", "invite"),
                Spec.level("member_actions.kick", "kick"),
                Spec.level("member_actions.ban", "ban"),
                Spec.level("member_actions.leave", "leave"),
                Spec.level("member_actions.revoke_invite", "revoke invite")),
            docs));
    groups.add(
        group(
            "chat",
            "Chat",
            List.of(
                Spec.bool("read_receipts", "read receipts"),
                Spec.bool("typing_notifications", "typing"),
                Spec.bool("archive", "archive"),
                Spec.bool("mark_as_unread", "mark as unread"),
                Spec.bool("delete_chat", "delete chat"),
                Spec.bool("delete_chat_for_everyone", "delete chat for everyone"),
                Spec.level("message_request.accept_with_message", "accept request by replying"),
                Spec.level("message_request.accept_with_button", "accept request by button")),
            docs));
    return new CapabilityMatrix(names, groups);
  }

  private static List<Spec> messageRows() {
    return List.of(
        Spec.limit("max_text_length", "text length", Unit.CODE_POINTS),
        Spec.level("reply", "replies"),
        Spec.level("thread", "threads"),
        Spec.level("edit", "edits"),
        Spec.limit("edit_max_age", "edit window", Unit.SECONDS),
        Spec.limit("edit_max_count", "edits per message", Unit.COUNT),
        Spec.level("delete", "delete for everyone"),
        Spec.limit("delete_max_age", "delete window", Unit.SECONDS),
        Spec.bool("delete_for_me", "delete for me"),
        Spec.level("location_message", "locations"));
  }

  private static List<Spec> fileRows(String msgtype) {
    String prefix = "file." + msgtype + ".";
    return List.of(
        new Spec(prefix + "mime_types", "MIME types", Kind.MIME_TYPES, null),
        Spec.limit(prefix + "max_size", "size", Unit.BYTES),
        Spec.level(prefix + "caption", "caption"),
        Spec.limit(prefix + "max_caption_length", "caption length", Unit.CODE_POINTS),
        Spec.limit(prefix + "max_width", "width", Unit.PIXELS),
        Spec.limit(prefix + "max_height", "height", Unit.PIXELS),
        Spec.limit(prefix + "max_duration", "duration", Unit.SECONDS),
        Spec.bool(prefix + "view_once", "view once"));
  }

  private static Group group(String key, String title, List<Spec> specs, List<ObjectNode> docs) {
    List<Row> rows = new ArrayList<>();
    for (Spec spec : specs) {
      List<Cell> cells = new ArrayList<>();
      boolean set = false;
      for (ObjectNode doc : docs) {
        String msgtype = spec.field.startsWith("file.") ? msgtypeOf(spec.field) : null;
        JsonNode value = valueAt(doc, spec.field, msgtype);
        set |= value != null && !(value.isNumber() && value.asLong() == 0);
        if (msgtype != null
            && spec.kind != Kind.MIME_TYPES
            && doc.path("file").get(msgtype) == null) {
          cells.add(new Cell(null, "—", null, msgtype + " is not listed: the row does not apply"));
        } else {
          cells.add(cell(spec, value, msgtype));
        }
      }
      if (spec.kind != Kind.LIMIT || set) {
        rows.add(new Row(spec.field, spec.label, cells));
      }
    }
    return new Group(key, title, rows);
  }

  private static String msgtypeOf(String field) {
    for (String msgtype : MSGTYPES) {
      if (field.startsWith("file." + msgtype + ".")) {
        return msgtype;
      }
    }
    throw new IllegalArgumentException("no msgtype in " + field);
  }

  /** The value at a dotted field; state entries are their level, as {@code diff} has them. */
  private static JsonNode valueAt(ObjectNode doc, String field, String msgtype) {
    if (msgtype != null) {
      JsonNode file = doc.path("file").get(msgtype);
      return file == null ? null : file.get(field.substring(("file." + msgtype + ".").length()));
    }
    if (field.startsWith("state.")) {
      JsonNode entry = doc.path("state").get(field.substring("state.".length()));
      return entry == null ? null : entry.get("level");
    }
    if (field.startsWith("formatting.")) {
      return doc.path("formatting").get(field.substring("formatting.".length()));
    }
    int dot = field.indexOf('.');
    if (dot > 0) {
      return doc.path(field.substring(0, dot)).get(field.substring(dot + 1));
    }
    return doc.get(field);
  }

  private static Cell cell(Spec spec, JsonNode value, String msgtype) {
    switch (spec.kind) {
      case LEVEL:
        {
          int level = value == null ? 0 : value.asInt();
          return new Cell(
              value, Integer.toString(level), level, CapabilityDiff.describe(spec.field, value));
        }
      case LIMIT:
        {
          long limit = value == null ? 0 : value.asLong();
          return new Cell(
              value,
              limit == 0 ? "∞" : amount(limit, spec.unit),
              null,
              CapabilityDiff.describe(spec.field, value));
        }
      case BOOLEAN:
        {
          boolean yes =
              value != null && (value.isBoolean() ? value.asBoolean() : value.asInt() > 0);
          String meaning = CapabilityDiff.describe(spec.field, value);
          return new Cell(
              value,
              yes ? "yes" : "no",
              yes ? 2 : meaning.startsWith("dropped") ? -1 : -2,
              meaning);
        }
      case MIME_TYPES:
        return mimeTypes(msgtype, value);
      case ALLOWED_REACTIONS:
        return allowedReactions(value);
      case DISAPPEARING_TIMER:
        return disappearingTimer(value);
      default:
        throw new IllegalStateException(spec.kind.toString());
    }
  }

  private static Cell mimeTypes(String msgtype, JsonNode value) {
    if (value == null) {
      String instead = FALLS_BACK_TO.get(msgtype);
      if (instead == null) {
        return new Cell(null, "no", -2, msgtype + " is not listed: such files are rejected");
      }
      return new Cell(
          null,
          "→ " + instead,
          0,
          msgtype
              + " is not listed: sent as "
              + instead
              + " where that takes the MIME type, else rejected");
    }
    int best = -2;
    List<String> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      best = Math.max(best, entry.getValue().asInt());
      entries.add(entry.getKey() + " " + entry.getValue().asInt());
    }
    String text =
        value.has("*/*")
            ? "*/* " + value.get("*/*").asInt()
            : entries.size() == 1 ? entries.get(0) : entries.size() + " types";
    return new Cell(
        value,
        text,
        entries.isEmpty() ? -2 : best,
        entries.isEmpty()
            ? "no MIME type is accepted: such files are rejected"
            : String.join(", ", entries)
                + "; a type is looked up exactly, then without parameters, then major/*, then"
                + " */*; a type none of them matches is rejected");
  }

  private static Cell allowedReactions(JsonNode value) {
    if (value == null) {
      return new Cell(null, "any", null, "every emoji is allowed");
    }
    List<String> keys = new ArrayList<>();
    value.forEach(key -> keys.add(key.asText()));
    String meaning = CapabilityDiff.describe("allowed_reactions", value);
    if (keys.isEmpty()) {
      return new Cell(value, "none", -2, meaning);
    }
    return new Cell(
        value,
        keys.size() <= 3 ? String.join(" ", keys) : keys.size() + " emoji",
        null,
        meaning + ": " + String.join(" ", keys));
  }

  private static Cell disappearingTimer(JsonNode value) {
    if (value == null) {
      return new Cell(null, "no", -2, "no timers are advertised: setting one is rejected");
    }
    List<String> types = new ArrayList<>();
    value.path("types").forEach(type -> types.add(type.asText()));
    List<String> timers = new ArrayList<>();
    value.path("timers").forEach(timer -> timers.add(amount(timer.asLong() / 1000, Unit.SECONDS)));
    String meaning =
        (types.isEmpty() ? "any type" : String.join(", ", types))
            + (timers.isEmpty() ? ", any timer" : ": " + String.join(", ", timers))
            + "; "
            + CapabilityDiff.describe("disappearing_timer", value);
    return new Cell(
        value,
        timers.isEmpty() ? "any" : timers.size() + (timers.size() == 1 ? " timer" : " timers"),
        2,
        meaning);
  }

  /** {@code 100 MiB}, {@code 15 min}, {@code 4096 px}, {@code 2000}. */
  static String amount(long value, Unit unit) {
    switch (unit) {
      case BYTES:
        return bytes(value);
      case SECONDS:
        return seconds(value);
      case PIXELS:
        return value + " px";
      default:
        return Long.toString(value);
    }
  }

  private static String bytes(long value) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    String[] decimal = {"B", "kB", "MB", "GB", "TB"};
    for (int i = units.length - 1; i > 0; i--) {
      long binary = 1L << (10 * i);
      if (value >= binary && value % binary == 0) {
        return value / binary + " " + units[i];
      }
      long power = (long) Math.pow(1000, i);
      if (value >= power && value % power == 0) {
        return value / power + " " + decimal[i];
      }
    }
    for (int i = units.length - 1; i > 0; i--) {
      long binary = 1L << (10 * i);
      if (value >= binary) {
        return String.format(Locale.ROOT, "%.1f %s", (double) value / binary, units[i]);
      }
    }
    return value + " B";
  }

  private static String seconds(long value) {
    long[] sizes = {86_400, 3_600, 60};
    String[] names = {"d", "h", "min"};
    for (int i = 0; i < sizes.length; i++) {
      if (value >= sizes[i] && value % sizes[i] == 0) {
        return value / sizes[i] + " " + names[i];
      }
    }
    return value + " s";
  }

  /** The column names, in order. */
  public List<String> columns() {
    return columns;
  }

  /** The groups, in reading order. */
  public List<Group> groups() {
    return groups;
  }

  /** Every row of every group, in order, by field. */
  public Map<String, Row> rows() {
    Map<String, Row> rows = new LinkedHashMap<>();
    groups.forEach(group -> group.rows().forEach(row -> rows.put(row.field(), row)));
    return Collections.unmodifiableMap(rows);
  }

  /**
   * What the levels mean, for a legend: -2..2, each with its name and Triage's rule. Cells that are
   * booleans or lists take the level whose rule they follow.
   */
  public static List<LevelKey> legend() {
    return List.of(
        new LevelKey(2, "full", "sent as is"),
        new LevelKey(1, "partial", "sent; the network may convert it"),
        new LevelKey(0, "unsupported", "a fallback that keeps the meaning, else rejected"),
        new LevelKey(-1, "dropped", "removed and the rest sent; a whole action is dropped"),
        new LevelKey(-2, "rejected", "the action is rejected"));
  }

  /**
   * One level of the legend.
   *
   * @param level -2..2
   * @param name its name on the capability ladder
   * @param rule what Triage does at it
   */
  public record LevelKey(int level, String name, String rule) {}
}
