package dev.triage.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.capability.Capabilities;
import dev.triage.capability.DisappearingTimerCapability;
import dev.triage.capability.FileCapability;
import dev.triage.capability.Level;
import dev.triage.capability.MemberOperation;
import dev.triage.capability.Spelling;
import dev.triage.capability.StateField;
import dev.triage.capability.TimerType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a capability document in either spelling and writes it in either. Writing follows Go's
 * {@code encoding/json} rules for mautrix's {@code event.RoomFeatures} (zero levels, false booleans
 * and empty maps are left out at the top level and in a file entry, kept inside maps), so a
 * document a bridge sent comes back as the same JSON.
 */
final class CapabilitiesCodec {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private CapabilitiesCodec() {}

  static Capabilities read(JsonNode document) {
    Fields doc = Fields.of(document, "");
    Capabilities.Builder caps = Capabilities.builder();
    caps.id(doc.string("id"));

    Fields formatting = doc.object("formatting");
    if (formatting != null) {
      levels(formatting, (key, level) -> caps.formatting(featureName(key), level));
    }
    Fields files = doc.object("file", "attachments");
    if (files != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = files.entries(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        caps.file(
            entry.getKey(),
            readFile(Fields.of(entry.getValue(), Fields.child(files.path(), entry.getKey()))));
      }
    }
    caps.maxTextLength(doc.count("max_text_length"));
    caps.locationMessage(doc.level("location_message"));
    caps.poll(doc.level("poll"));
    caps.pollMaxOptions(doc.count("poll_max_options"));
    caps.pollOptionMaxLength(doc.count("poll_option_max_length"));
    caps.thread(doc.level("thread"));
    caps.reply(doc.level("reply"));
    caps.edit(doc.level("edit"));
    caps.editMaxCount(doc.count("edit_max_count"));
    caps.editMaxAge(Duration.ofSeconds(doc.number("edit_max_age")));
    caps.delete(doc.level("delete"));
    caps.deleteForMe(doc.flag("delete_for_me"));
    caps.deleteMaxAge(Duration.ofSeconds(doc.number("delete_max_age")));
    Fields timer = doc.object(Fields.spellings("disappearing_timer"));
    if (timer != null) {
      caps.disappearingTimer(readTimer(timer));
    }
    caps.reaction(doc.level("reaction"));
    caps.reactionCount(doc.count("reaction_count"));
    List<JsonNode> allowed = doc.array(Fields.spellings("allowed_reactions"));
    if (allowed != null) {
      String at = doc.pathOf(Fields.spellings("allowed_reactions"));
      List<String> reactions = new ArrayList<>(allowed.size());
      for (int i = 0; i < allowed.size(); i++) {
        JsonNode reaction = allowed.get(i);
        if (!reaction.isTextual()) {
          throw new InvalidInputException(
              Fields.index(at, i), "must be a string, got " + Fields.describe(reaction));
        }
        reactions.add(reaction.textValue());
      }
      caps.allowedReactions(reactions);
    }
    caps.customEmojiReactions(doc.flag("custom_emoji_reactions"));

    Fields state = doc.object("state");
    if (state != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = state.entries(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        String at = Fields.child(state.path(), entry.getKey());
        String eventType =
            StateField.fromKey(entry.getKey()).map(StateField::eventType).orElse(entry.getKey());
        caps.state(eventType, stateLevel(entry.getValue(), at));
      }
    }
    Fields members = doc.object("member_actions", "participant_actions", "participantActions");
    if (members != null) {
      levels(
          members,
          (key, level) ->
              caps.memberAction(
                  MemberOperation.fromKey(key).map(MemberOperation::snakeName).orElse(key), level));
    }
    caps.readReceipts(doc.flag("read_receipts"));
    caps.typingNotifications(doc.flag("typing_notifications"));
    caps.archive(doc.flag("archive"));
    caps.markAsUnread(doc.flag("mark_as_unread"));
    caps.deleteChat(doc.flag("delete_chat"));
    caps.deleteChatForEveryone(doc.flag("delete_chat_for_everyone"));
    Fields request = doc.object(Fields.spellings("message_request"));
    if (request != null) {
      caps.acceptRequestWithMessage(request.level("accept_with_message"));
      caps.acceptRequestWithButton(request.level("accept_with_button"));
    }
    doc.unread().forEach(caps::unknown);
    try {
      return caps.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("", e.getMessage());
    }
  }

  private interface LevelSink {
    void accept(String key, Level level);
  }

  private static void levels(Fields map, LevelSink sink) {
    for (Iterator<Map.Entry<String, JsonNode>> it = map.entries(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      sink.accept(
          entry.getKey(),
          Fields.toLevel(entry.getValue(), Fields.child(map.path(), entry.getKey())));
    }
  }

  /** Formatting features are mautrix's snake_case names; camelCase ones are read as the same. */
  private static String featureName(String key) {
    return Fields.snake(key);
  }

  /** A state entry is {@code {"level": n}}; a bare level number is accepted too. */
  private static Level stateLevel(JsonNode value, String at) {
    if (value.isObject()) {
      JsonNode level = value.get("level");
      return level == null || level.isNull()
          ? Level.UNSUPPORTED
          : Fields.toLevel(level, Fields.child(at, "level"));
    }
    if (value.isNumber()) {
      return Fields.toLevel(value, at);
    }
    throw new InvalidInputException(
        at, "must be an object like {\"level\": 2}, got " + Fields.describe(value));
  }

  private static FileCapability readFile(Fields file) {
    Map<String, Level> mimeTypes = new TreeMap<>();
    Fields mimes = file.object(Fields.spellings("mime_types"));
    if (mimes != null) {
      levels(mimes, mimeTypes::put);
    }
    Level caption = file.level("caption");
    int maxCaptionLength = file.count("max_caption_length");
    long maxSize = file.number("max_size");
    int maxWidth = file.count("max_width");
    int maxHeight = file.count("max_height");
    Duration maxDuration = Duration.ofSeconds(file.number("max_duration"));
    boolean viewOnce = file.flag("view_once");
    return new FileCapability(
        mimeTypes,
        caption,
        maxCaptionLength,
        maxSize,
        maxWidth,
        maxHeight,
        maxDuration,
        viewOnce,
        file.unread());
  }

  private static DisappearingTimerCapability readTimer(Fields timer) {
    List<TimerType> types = new ArrayList<>();
    List<JsonNode> typeNodes = timer.array("types");
    if (typeNodes != null) {
      String at = timer.pathOf("types");
      for (int i = 0; i < typeNodes.size(); i++) {
        JsonNode type = typeNodes.get(i);
        String name = type.isTextual() ? type.textValue() : null;
        TimerType parsed = name == null ? null : TimerType.fromName(name).orElse(null);
        if (parsed == null) {
          throw new InvalidInputException(
              Fields.index(at, i),
              "must be after_read or after_send (afterRead, afterSend), got "
                  + Fields.describe(type));
        }
        types.add(parsed);
      }
    }
    List<Long> timers = new ArrayList<>();
    List<JsonNode> timerNodes = timer.array("timers");
    if (timerNodes != null) {
      String at = timer.pathOf("timers");
      for (int i = 0; i < timerNodes.size(); i++) {
        timers.add(Fields.nonNegative(timerNodes.get(i), Fields.index(at, i)));
      }
    }
    return new DisappearingTimerCapability(types, timers, timer.flag("omit_empty_timer"));
  }

  static ObjectNode write(Capabilities caps, Spelling spelling) {
    Writer out = new Writer(spelling);
    if (caps.id() != null) {
      out.node.put("id", caps.id());
    }
    if (!caps.formatting().isEmpty()) {
      ObjectNode formatting = out.node.putObject("formatting");
      caps.formatting().forEach((feature, level) -> formatting.put(feature, level.value()));
    }
    if (!caps.files().isEmpty()) {
      ObjectNode files =
          out.node.putObject(spelling == Spelling.ROOM_FEATURES ? "file" : "attachments");
      caps.files().forEach((msgtype, file) -> files.set(msgtype, writeFile(file, spelling)));
    }
    if (!caps.state().isEmpty()) {
      ObjectNode state = out.node.putObject("state");
      caps.state()
          .forEach(
              (eventType, level) -> {
                String key =
                    spelling == Spelling.ROOM_FEATURES
                        ? eventType
                        : StateField.fromKey(eventType)
                            .map(StateField::desktopKey)
                            .orElse(eventType);
                state.putObject(key).put("level", level.value());
              });
    }
    if (!caps.memberActions().isEmpty()) {
      ObjectNode members =
          out.node.putObject(
              spelling == Spelling.ROOM_FEATURES ? "member_actions" : "participantActions");
      caps.memberActions()
          .forEach(
              (key, level) ->
                  members.put(
                      spelling == Spelling.ROOM_FEATURES
                          ? key
                          : MemberOperation.fromKey(key)
                              .map(MemberOperation::camelName)
                              .orElse(key),
                      level.value()));
    }
    out.number("max_text_length", caps.maxTextLength());
    out.level("location_message", caps.locationMessage());
    out.level("poll", caps.poll());
    out.number("poll_max_options", caps.pollMaxOptions());
    out.number("poll_option_max_length", caps.pollOptionMaxLength());
    out.level("thread", caps.thread());
    out.level("reply", caps.reply());
    out.level("edit", caps.edit());
    out.number("edit_max_count", caps.editMaxCount());
    out.number("edit_max_age", caps.editMaxAge().getSeconds());
    out.level("delete", caps.delete());
    out.flag("delete_for_me", caps.deleteForMe());
    out.number("delete_max_age", caps.deleteMaxAge().getSeconds());
    DisappearingTimerCapability timer = caps.disappearingTimer();
    if (timer != null) {
      ObjectNode node = out.node.putObject(out.name("disappearing_timer"));
      // Empty lists are left out, as the bridges send them (signal: any timer, no list).
      if (!timer.types().isEmpty()) {
        ArrayNode types = node.putArray("types");
        timer.types().forEach(type -> types.add(type.name(spelling)));
      }
      if (!timer.timers().isEmpty()) {
        ArrayNode timers = node.putArray("timers");
        timer.timers().forEach(value -> timers.add(Fields.wholeNumber(value)));
      }
      if (timer.omitEmptyTimer()) {
        node.put(out.name("omit_empty_timer"), true);
      }
    }
    out.level("reaction", caps.reaction());
    out.number("reaction_count", caps.reactionCount());
    if (caps.allowedReactions() != null) {
      ArrayNode allowed = out.node.putArray(out.name("allowed_reactions"));
      caps.allowedReactions().forEach(allowed::add);
    }
    out.flag("custom_emoji_reactions", caps.customEmojiReactions());
    out.flag("read_receipts", caps.readReceipts());
    out.flag("typing_notifications", caps.typingNotifications());
    out.flag("archive", caps.archive());
    out.flag("mark_as_unread", caps.markAsUnread());
    out.flag("delete_chat", caps.deleteChat());
    out.flag("delete_chat_for_everyone", caps.deleteChatForEveryone());
    if (caps.acceptRequestWithMessage() != Level.UNSUPPORTED
        || caps.acceptRequestWithButton() != Level.UNSUPPORTED) {
      Writer request = new Writer(spelling);
      request.level("accept_with_message", caps.acceptRequestWithMessage());
      request.level("accept_with_button", caps.acceptRequestWithButton());
      out.node.set(out.name("message_request"), request.node);
    }
    caps.unknown().forEach((key, value) -> out.node.set(key, value.deepCopy()));
    return out.node;
  }

  private static ObjectNode writeFile(FileCapability file, Spelling spelling) {
    Writer out = new Writer(spelling);
    ObjectNode mimes = out.node.putObject(out.name("mime_types"));
    file.mimeTypes().forEach((mime, level) -> mimes.put(mime, level.value()));
    out.level("caption", file.caption());
    out.number("max_caption_length", file.maxCaptionLength());
    out.number("max_size", file.maxSize());
    out.number("max_width", file.maxWidth());
    out.number("max_height", file.maxHeight());
    out.number("max_duration", file.maxDuration().getSeconds());
    out.flag("view_once", file.viewOnce());
    file.unknown().forEach((key, value) -> out.node.set(key, value.deepCopy()));
    return out.node;
  }

  /** Writes fields in one spelling, leaving out zero values as Go's omitempty does. */
  private static final class Writer {
    final ObjectNode node = JSON.objectNode();
    private final Spelling spelling;

    Writer(Spelling spelling) {
      this.spelling = spelling;
    }

    String name(String snake) {
      return spelling == Spelling.ROOM_FEATURES ? snake : Fields.camel(snake);
    }

    void level(String snake, Level level) {
      if (level != Level.UNSUPPORTED) {
        node.put(name(snake), level.value());
      }
    }

    void number(String snake, long value) {
      if (value != 0) {
        node.set(name(snake), Fields.wholeNumber(value));
      }
    }

    void flag(String snake, boolean value) {
      if (value) {
        node.put(name(snake), true);
      }
    }
  }
}
