package dev.triage.sidecar.appservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.triage.capability.Capabilities;
import dev.triage.config.MatrixConfig;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/**
 * Each room's capabilities for one bridge: its {@code com.beeper.room_features} state as the stream
 * shows it (updated when the bridge publishes a new one), read from the homeserver on a miss (a
 * room first seen mid-life), else what the configuration gives rooms that publish nothing. Bounded;
 * a room read from the homeserver is read again after {@link #REREAD}.
 */
final class RoomCapabilities {
  private static final Logger LOG = Logger.getLogger("dev.triage.sidecar.appservice");

  /** How long a room's capabilities read from the homeserver (or found absent) are kept. */
  static final Duration REREAD = Duration.ofMinutes(10);

  /** A room's capabilities and whether the room published them. */
  record Known(Capabilities capabilities, boolean published) {}

  private final MatrixConfig.Bridge bridge;
  private final String domain;
  private final HomeserverClient homeserver;
  private final Cache<String, Known> fromStream =
      Caffeine.newBuilder().maximumSize(100_000).build();
  private final Cache<String, Known> fromHomeserver =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(REREAD).build();

  RoomCapabilities(MatrixConfig.Bridge bridge, String domain, HomeserverClient homeserver) {
    this.bridge = bridge;
    this.domain = domain;
    this.homeserver = homeserver;
  }

  /** Whether a state key names this bridge's room features. */
  boolean isOurs(String stateKey) {
    String id = bridge.registration().id();
    if (stateKey == null) {
      return false;
    }
    if (stateKey.isEmpty()) {
      return true;
    }
    return domain != null ? stateKey.equals(domain + "/" + id) : stateKey.endsWith("/" + id);
  }

  /**
   * A {@code com.beeper.room_features} state event in the stream: the room's capabilities from now
   * on, when its state key names this bridge. A document Triage cannot read is logged and ignored
   * (the room keeps what it had).
   */
  void observe(JsonNode event) {
    if (!isOurs(event.path("state_key").asText(null))) {
      return;
    }
    String room = event.path("room_id").asText(null);
    try {
      Capabilities caps = TriageJson.readCapabilities(event.path("content"));
      fromStream.put(room, new Known(caps, true));
    } catch (InvalidInputException e) {
      LOG.warning(
          "bridge "
              + bridge.name()
              + ": room "
              + room
              + " published room features Triage cannot read, keeping what it had: "
              + e.getMessage());
    }
  }

  /** The room's capabilities: from the stream, else the homeserver, else the configuration. */
  CompletionStage<Known> of(String roomID) {
    Known known = fromStream.getIfPresent(roomID);
    if (known == null) {
      known = fromHomeserver.getIfPresent(roomID);
    }
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    // The homeserver client puts the domain in front: "<domain>/<appservice id>", then "".
    return homeserver
        .roomFeatures(roomID, bridge.registration().id())
        .handle(
            (document, failure) -> {
              Known read = configured(roomID);
              if (failure == null && document.isPresent()) {
                try {
                  read = new Known(TriageJson.readCapabilities(document.get()), true);
                } catch (InvalidInputException e) {
                  LOG.warning("room " + roomID + ": unreadable room features: " + e.getMessage());
                }
              }
              fromHomeserver.put(roomID, read);
              return read;
            });
  }

  private Known configured(String roomID) {
    return new Known(bridge.configured(roomID), false);
  }

  /** For tests: what the stream has said of a room. */
  Optional<Known> streamed(String roomID) {
    return Optional.ofNullable(fromStream.getIfPresent(roomID));
  }
}
