package dev.triage.matrix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One read event's envelope, checked once: the fields every per-type reader needs ({@code type},
 * {@code content}, {@code event_id}, {@code room_id}, {@code sender}, {@code state_key}) and the
 * related events the caller gave. The other envelope fields ({@code origin_server_ts}, {@code
 * redacts}, {@code unsigned}) are checked here too, so a malformed one is refused whatever the
 * type.
 */
final class EventEnvelope {
  private final ObjectNode source;
  private final RelatedEvents related;
  private final String type;
  private final ObjectNode content;
  private final String eventID;
  private final String roomID;
  private final String sender;
  private final String stateKey;

  /**
   * Checks the envelope of {@code source}.
   *
   * @throws dev.triage.json.InvalidInputException when a field of the envelope is malformed
   */
  EventEnvelope(ObjectNode source, RelatedEvents related) {
    this.source = source;
    this.related = related;
    this.type = EventJson.requiredText(source, "type", "");
    this.content = EventJson.object(source.get("content"), "content");
    this.eventID = EventJson.string(source, "event_id", "");
    this.roomID = EventJson.string(source, "room_id", "");
    this.sender = EventJson.string(source, "sender", "");
    this.stateKey = EventJson.string(source, "state_key", "");
    EventJson.wholeNumber(source, "origin_server_ts", "");
    EventJson.string(source, "redacts", "");
    ObjectNode unsigned = EventJson.optionalObject(source, "unsigned", "");
    if (unsigned != null) {
      EventJson.string(unsigned, "transaction_id", "unsigned");
      EventJson.optionalObject(unsigned, "prev_content", "unsigned");
    }
  }

  /** The whole event, as read. */
  ObjectNode source() {
    return source;
  }

  RelatedEvents related() {
    return related;
  }

  String type() {
    return type;
  }

  ObjectNode content() {
    return content;
  }

  String eventID() {
    return eventID;
  }

  String roomID() {
    return roomID;
  }

  String sender() {
    return sender;
  }

  /** The state key, or {@code null} when the event is no state event. */
  String stateKey() {
    return stateKey;
  }

  /** The read of one action by the event's sender. */
  MatrixRead one(Action action) {
    return MatrixRead.actions(source, List.of(action), Collections.singletonList(sender), Map.of());
  }

  /** A read of something Triage does not mediate, for {@code reason}. */
  MatrixRead notMediated(String reason) {
    return MatrixRead.notMediated(source, reason);
  }

  /** When the related event {@code target} was sent, or {@code null} when it is not known. */
  static Long sentAt(String target, ObjectNode original) {
    return original == null
        ? null
        : EventJson.wholeNumber(original, "origin_server_ts", RelatedEvents.path(target));
  }
}
