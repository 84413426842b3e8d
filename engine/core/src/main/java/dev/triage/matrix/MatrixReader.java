package dev.triage.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Chat;
import dev.triage.action.ChatOperation;
import dev.triage.capability.StateField;
import dev.triage.json.InvalidInputException;

/**
 * Reads a Matrix event in client-server JSON ({@code type}, {@code content}, {@code sender}, {@code
 * event_id}, {@code room_id}, {@code origin_server_ts}, {@code state_key}, {@code redacts}, {@code
 * unsigned}) into the Triage actions it is, the way mautrix-go's bridgev2 reads what it bridges.
 *
 * <pre>{@code
 * MatrixRead read = MatrixReader.read(TriageJson.parse(eventJson), RelatedEvents.none());
 * if (read.isMediated()) {
 *   List<Verdict> verdicts = read.actions().stream().map(a -> mediator.mediate(a, caps)).toList();
 *   MatrixAnswer answer = MatrixWriter.write(read, verdicts);
 * }
 * }</pre>
 *
 * <p>A malformed event (no {@code type}, a {@code content} that is no object, a field of the wrong
 * JSON type) is an {@link InvalidInputException} naming its path ({@code content.info.size}, {@code
 * content["m.relates_to"].event_id}); an event Triage cannot read is {@link
 * MatrixRead.Kind#UNREADABLE}, one it does not mediate {@link MatrixRead.Kind#NOT_MEDIATED}, each
 * with a reason. Thread-safe: stateless.
 */
public final class MatrixReader {
  private MatrixReader() {}

  /** Reads an event with no related events. */
  public static MatrixRead read(JsonNode event) {
    return read(event, RelatedEvents.none());
  }

  /**
   * Reads an event, taking from {@code related} what the event itself does not say.
   *
   * @throws InvalidInputException when the event (or a related event it needs) is malformed
   */
  public static MatrixRead read(JsonNode event, RelatedEvents related) {
    ObjectNode copy = EventJson.object(event, "").deepCopy();
    return read(new EventEnvelope(copy, related == null ? RelatedEvents.none() : related));
  }

  /** One read: the envelope, then the reader of the event's type. */
  private static MatrixRead read(EventEnvelope event) {
    try {
      return readType(event);
    } catch (Unreadable e) {
      return MatrixRead.unreadable(event.source(), e.getMessage());
    } catch (IllegalArgumentException e) {
      // What the action records refuse and the readers' checks did not name: the content.
      throw new InvalidInputException("content", e.getMessage());
    }
  }

  private static MatrixRead readType(EventEnvelope event) {
    if (isRedacted(event.source())) {
      return event.notMediated("the event was redacted: its content is gone, nothing to mediate");
    }
    String type = event.type();
    switch (type) {
      case MatrixEventTypes.MESSAGE:
        return event.one(new MessageReader(event).message(false));
      case MatrixEventTypes.STICKER:
        return event.one(new MessageReader(event).message(true));
      case MatrixEventTypes.POLL_START_UNSTABLE:
      case MatrixEventTypes.POLL_START:
        return event.one(new PollReader(event).poll());
      case MatrixEventTypes.REACTION:
        return new ReactionReader(event).reaction();
      case MatrixEventTypes.REDACTION:
        return event.one(new ReactionReader(event).redaction());
      case MatrixEventTypes.NAME:
        return new RoomStateReader(event).state(StateField.TITLE, "name");
      case MatrixEventTypes.TOPIC:
        return new RoomStateReader(event).state(StateField.DESCRIPTION, "topic");
      case MatrixEventTypes.AVATAR:
        return new RoomStateReader(event).state(StateField.AVATAR, "url");
      case MatrixEventTypes.DISAPPEARING_TIMER:
        return new RoomStateReader(event).disappearingTimer();
      case MatrixEventTypes.MEMBER:
        return new RoomStateReader(event).member();
      case MatrixEventTypes.DELETE_CHAT:
        Boolean forEveryone = EventJson.bool(event.content(), "delete_for_everyone", "content");
        return event.one(
            new Chat(
                event.eventID(),
                event.roomID(),
                forEveryone != null && forEveryone
                    ? ChatOperation.DELETE_FOR_EVERYONE
                    : ChatOperation.DELETE));
      case MatrixEventTypes.ACCEPT_MESSAGE_REQUEST:
        return event.one(new Chat(event.eventID(), event.roomID(), ChatOperation.ACCEPT_REQUEST));
      case MatrixEventTypes.RECEIPT:
        return new EphemeralReader(event).receipt();
      case MatrixEventTypes.TYPING:
        return new EphemeralReader(event).typing();
      case MatrixEventTypes.ENCRYPTED:
        throw new Unreadable(
            "m.room.encrypted: the content is encrypted, so Triage cannot read it; pass it on"
                + " untouched");
      default:
        String what = MatrixEventTypes.NOT_ACTIONS.get(type);
        if (what != null) {
          return event.notMediated(type + " (" + what + ") is not an action Triage mediates");
        }
        throw new Unreadable("event type " + type + " is not one Triage reads");
    }
  }

  private static boolean isRedacted(ObjectNode event) {
    JsonNode unsigned = event.get("unsigned");
    return (unsigned != null
            && unsigned.hasNonNull("redacted_because")
            && !unsigned.get("redacted_because").isMissingNode())
        || event.hasNonNull("redacted_because");
  }
}
