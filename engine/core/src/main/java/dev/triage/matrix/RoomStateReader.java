package dev.triage.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.DisappearingTimer;
import dev.triage.action.Member;
import dev.triage.action.State;
import dev.triage.capability.MemberOperation;
import dev.triage.capability.StateField;
import dev.triage.capability.TimerType;
import dev.triage.json.InvalidInputException;

/**
 * Reads room state: the room's name, topic and avatar, its disappearing-message timer, and
 * membership changes. The value before the change comes from the state's previous content.
 */
final class RoomStateReader {
  private final EventEnvelope event;

  RoomStateReader(EventEnvelope event) {
    this.event = event;
  }

  MatrixRead state(StateField field, String key) {
    MatrixRead notRoomState = requireRoomState();
    if (notRoomState != null) {
      return notRoomState;
    }
    String value = EventJson.string(event.content(), key, "content");
    ObjectNode previous = previousContent();
    String current = null;
    if (previous != null) {
      String previousValue = EventJson.string(previous, key, previousPath());
      current = previousValue == null ? "" : previousValue;
    }
    return event.one(
        new State(event.eventID(), event.roomID(), field, value == null ? "" : value, current));
  }

  /** bridgev2 handleMatrixRoomMeta: room metadata has the empty state key, or is refused. */
  private MatrixRead requireRoomState() {
    String stateKey = event.stateKey();
    if (stateKey == null) {
      return event.notMediated(event.type() + " without a state key is no room state");
    }
    if (!stateKey.isEmpty()) {
      return event.notMediated(
          event.type()
              + " with state key \""
              + stateKey
              + "\" is not the room's (its key is \"\")");
    }
    return null;
  }

  MatrixRead disappearingTimer() {
    MatrixRead notRoomState = requireRoomState();
    if (notRoomState != null) {
      return notRoomState;
    }
    String name = EventJson.string(event.content(), "type", "content");
    TimerType timerType = null;
    if (name != null && !name.isEmpty()) {
      if (name.equals(TimerType.AFTER_READ.snakeName())) {
        timerType = TimerType.AFTER_READ;
      } else if (name.equals(TimerType.AFTER_SEND.snakeName())) {
        timerType = TimerType.AFTER_SEND;
      } else {
        throw new InvalidInputException(
            "content.type", "must be after_read, after_send or empty, got \"" + name + "\"");
      }
    }
    Long timer = EventJson.wholeNumber(event.content(), "timer", "content");
    return event.one(
        new DisappearingTimer(
            event.eventID(), event.roomID(), timerType, timer == null ? 0 : timer));
  }

  /** The state's previous content: {@code unsigned.prev_content}, else the legacy top level. */
  private ObjectNode previousContent() {
    JsonNode unsigned = event.source().get("unsigned");
    if (unsigned != null && unsigned.isObject()) {
      ObjectNode previous =
          EventJson.optionalObject((ObjectNode) unsigned, "prev_content", "unsigned");
      if (previous != null) {
        return previous;
      }
    }
    return EventJson.optionalObject(event.source(), "prev_content", "");
  }

  private String previousPath() {
    JsonNode unsigned = event.source().get("unsigned");
    return unsigned != null && unsigned.hasNonNull("prev_content")
        ? "unsigned.prev_content"
        : "prev_content";
  }

  MatrixRead member() {
    String stateKey = event.stateKey();
    if (stateKey == null || stateKey.isBlank()) {
      throw new InvalidInputException("state_key", "is required: the member's user id");
    }
    String to = EventJson.requiredString(event.content(), "membership", "content");
    ObjectNode previous = previousContent();
    String from =
        previous == null ? null : EventJson.string(previous, "membership", previousPath());
    if (from == null) {
      from = "leave";
    }
    boolean self = stateKey.equals(event.sender());
    MemberOperation operation;
    switch (to) {
      case "join":
        return event.notMediated(
            from.equals("join")
                ? "a profile change is not an action Triage mediates"
                : "a join is not an action Triage mediates");
      case "invite":
        if (from.equals("invite") || from.equals("knock")) {
          return event.notMediated(
              from.equals("invite")
                  ? "an invite that stays an invite changes nothing Triage mediates"
                  : "accepting a knock is not an action Triage mediates");
        }
        operation = MemberOperation.INVITE;
        break;
      case "ban":
        if (from.equals("ban")) {
          return event.notMediated("a ban that stays a ban changes nothing");
        }
        operation = MemberOperation.BAN;
        break;
      case "leave":
        switch (from) {
          case "ban":
            // Unbanning: room_features has no unban action; it is the ban capability's other
            // half, so it is decided under member_actions.ban.
            operation = MemberOperation.BAN;
            break;
          case "invite":
            operation = self ? MemberOperation.LEAVE : MemberOperation.REVOKE_INVITE;
            break;
          case "join":
            operation = self ? MemberOperation.LEAVE : MemberOperation.KICK;
            break;
          case "knock":
            return event.notMediated(
                "withdrawing or refusing a knock is not an action Triage mediates");
          default:
            return event.notMediated("a leave from " + from + " changes nothing");
        }
        break;
      case "knock":
        return event.notMediated("a knock is not an action Triage mediates");
      default:
        throw new Unreadable("membership " + to + " is not one Triage reads");
    }
    return event.one(new Member(event.eventID(), event.roomID(), operation, stateKey));
  }
}
