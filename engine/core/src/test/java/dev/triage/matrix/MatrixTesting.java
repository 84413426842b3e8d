package dev.triage.matrix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.capability.Capabilities;
import dev.triage.capability.FileCapability;
import dev.triage.capability.Level;
import dev.triage.json.TriageJson;
import dev.triage.rule.Fixtures;
import dev.triage.rule.Mediator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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

  /** Every level 2, every boolean true, no limits: the rules' own fixture. */
  static Capabilities everything() {
    return Fixtures.everything();
  }

  /** A file capability with the given MIME and caption levels, no limits. */
  static FileCapability file(Map<String, Level> mimes, Level caption) {
    return new FileCapability(mimes, caption, 0, 0, 0, 0, Duration.ZERO, false, Map.of());
  }
}
