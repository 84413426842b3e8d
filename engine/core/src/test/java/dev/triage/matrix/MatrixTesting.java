package dev.triage.matrix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Attachment;
import dev.triage.capability.Capabilities;
import dev.triage.capability.DisappearingTimerCapability;
import dev.triage.capability.FileCapability;
import dev.triage.capability.Level;
import dev.triage.capability.MemberOperation;
import dev.triage.capability.StateField;
import dev.triage.capability.TimerType;
import dev.triage.format.FormattingFeature;
import dev.triage.json.TriageJson;
import dev.triage.rule.Mediator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Shared test data for the Matrix dialect: events, a chat that supports everything, a clock. */
final class MatrixTesting {
  /** 2026-11-25T12:00:00Z. */
  static final long NOW = 1_795_608_000_000L;

  static final Mediator MEDIATOR =
      Mediator.create(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

  static final MatrixMediator MATRIX = MatrixMediator.create(MEDIATOR);

  private MatrixTesting() {}

  /**
   * An event from Alice in a room, with an event id, a transaction id and a timestamp, and the
   * given type and content (JSON).
   */
  static ObjectNode event(String type, String content) {
    return (ObjectNode)
        TriageJson.parse(
            "{\"type\":\""
                + type
                + "\",\"event_id\":\"$ev\",\"room_id\":\"!room:example.org\","
                + "\"sender\":\"@alice:example.org\",\"origin_server_ts\":"
                + (NOW - 1000)
                + ",\"unsigned\":{\"transaction_id\":\"txn-1\"},\"content\":"
                + content
                + "}");
  }

  /** A state event with the empty state key. */
  static ObjectNode state(String type, String content) {
    ObjectNode event = event(type, content);
    event.put("state_key", "");
    return event;
  }

  static MatrixRead read(ObjectNode event) {
    return MatrixReader.read(event);
  }

  static MatrixRead read(ObjectNode event, RelatedEvents related) {
    return MatrixReader.read(event, related);
  }

  static MatrixAnswer mediate(ObjectNode event, Capabilities caps) {
    return MATRIX.mediate(MatrixReader.read(event), caps);
  }

  static MatrixAnswer mediate(ObjectNode event, RelatedEvents related, Capabilities caps) {
    return MATRIX.mediate(MatrixReader.read(event, related), caps);
  }

  /** Compact JSON, for assertions. */
  static String json(Object node) {
    return TriageJson.toJson((com.fasterxml.jackson.databind.JsonNode) node);
  }

  /**
   * Every level 2 (formatting included), every boolean true, no limits, every msgtype accepting
   * everything.
   */
  static Capabilities everything() {
    Capabilities.Builder caps =
        Capabilities.builder()
            .thread(Level.FULL)
            .reply(Level.FULL)
            .edit(Level.FULL)
            .delete(Level.FULL)
            .deleteForMe(true)
            .reaction(Level.FULL)
            .customEmojiReactions(true)
            .poll(Level.FULL)
            .locationMessage(Level.FULL)
            .readReceipts(true)
            .typingNotifications(true)
            .archive(true)
            .markAsUnread(true)
            .deleteChat(true)
            .deleteChatForEveryone(true)
            .acceptRequestWithButton(Level.FULL)
            .acceptRequestWithMessage(Level.FULL)
            .disappearingTimer(
                new DisappearingTimerCapability(
                    List.of(TimerType.AFTER_READ, TimerType.AFTER_SEND), List.of(), false));
    for (FormattingFeature feature : FormattingFeature.values()) {
      caps.formatting(feature.key(), Level.FULL);
    }
    for (StateField field : StateField.values()) {
      caps.state(field, Level.FULL);
    }
    for (MemberOperation op : MemberOperation.values()) {
      caps.memberAction(op, Level.FULL);
    }
    for (String msgtype :
        List.of(
            Attachment.IMAGE,
            Attachment.FILE,
            Attachment.AUDIO,
            Attachment.VIDEO,
            Attachment.VOICE,
            Attachment.GIF,
            Attachment.STICKER)) {
      caps.file(msgtype, file(Map.of("*/*", Level.FULL), Level.FULL));
    }
    return caps.build();
  }

  /** A file capability with the given MIME and caption levels, no limits. */
  static FileCapability file(Map<String, Level> mimes, Level caption) {
    return new FileCapability(mimes, caption, 0, 0, 0, 0, Duration.ZERO, false, Map.of());
  }
}
