package dev.triage.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.capability.Capabilities;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A room's {@code com.beeper.room_features} state: where a bridge publishes the capabilities it
 * mediates by. A room can hold one per bridge, keyed by {@code "<homeserver domain>/<appservice
 * id>"} (mautrix GetUniqueBridgeID), or {@code ""} for a bridge configured without a bridge-info
 * state key.
 */
public final class RoomFeatures {
  /** The state event type. */
  public static final String EVENT_TYPE = MatrixEventTypes.ROOM_FEATURES;

  private RoomFeatures() {}

  /** The state key a bridge publishes under: {@code "<domain>/<appservice id>"}. */
  public static String stateKey(String homeserverDomain, String appserviceID) {
    Objects.requireNonNull(homeserverDomain, "homeserverDomain");
    Objects.requireNonNull(appserviceID, "appserviceID");
    return homeserverDomain + "/" + appserviceID;
  }

  /**
   * The capabilities among a room's state events (any order, other types ignored): the {@code
   * com.beeper.room_features} whose state key is {@code bridgeStateKey}, else the only one there
   * is; empty when there is none, or several and none is the bridge's.
   *
   * @param bridgeStateKey the bridge's state key ({@link #stateKey}), or {@code null} to take the
   *     only one
   * @throws InvalidInputException when the chosen content is not a capability document, naming
   *     {@code content.<path>}
   */
  public static Optional<Capabilities> read(
      Iterable<? extends JsonNode> stateEvents, String bridgeStateKey) {
    List<ObjectNode> candidates = new ArrayList<>();
    for (JsonNode event : stateEvents) {
      if (event != null
          && event.isObject()
          && EVENT_TYPE.equals(event.path("type").asText(null))
          && event.path("state_key").isTextual()) {
        candidates.add((ObjectNode) event);
      }
    }
    ObjectNode chosen = null;
    if (bridgeStateKey != null) {
      for (ObjectNode candidate : candidates) {
        if (bridgeStateKey.equals(candidate.get("state_key").textValue())) {
          chosen = candidate;
        }
      }
    }
    if (chosen == null && candidates.size() == 1) {
      chosen = candidates.get(0);
    }
    if (chosen == null) {
      return Optional.empty();
    }
    return Optional.of(read(chosen));
  }

  /**
   * The capabilities in one {@code com.beeper.room_features} state event.
   *
   * @throws InvalidInputException when it is not one, or its content is no capability document
   */
  public static Capabilities read(JsonNode stateEvent) {
    ObjectNode event = EventJson.object(stateEvent, "");
    String type = EventJson.requiredString(event, "type", "");
    if (!EVENT_TYPE.equals(type)) {
      throw new InvalidInputException("type", "must be " + EVENT_TYPE + ", got \"" + type + "\"");
    }
    ObjectNode content = EventJson.requiredObject(event, "content", "");
    try {
      return TriageJson.readCapabilities(content);
    } catch (InvalidInputException e) {
      String path =
          e.path().isEmpty()
              ? "content"
              : e.path().startsWith("[") ? "content" + e.path() : "content." + e.path();
      throw new InvalidInputException(path, e.problem());
    }
  }
}
