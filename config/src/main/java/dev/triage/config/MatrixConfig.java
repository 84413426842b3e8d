package dev.triage.config;

import dev.triage.capability.Capabilities;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Triage in front of unmodified bridges, as an appservice proxy: where it listens for the
 * homeserver, the homeserver itself, and each proxied bridge.
 *
 * @param host the address the homeserver's transactions come to
 * @param port its port (0 picks a free one)
 * @param homeserver the homeserver's client-server API, where status events and notices are sent
 *     and room capabilities read
 * @param domain the homeserver's server name, which names a bridge's {@code
 *     com.beeper.room_features} state key ({@code <domain>/<appservice id>}); {@code null} to
 *     accept any state key ending in {@code /<appservice id>}
 * @param statusEvents whether a {@code com.beeper.message_send_status} event tells the sender what
 *     was not sent
 * @param errorNotices whether an {@code m.notice} in the room says it too
 * @param degradeStatus whether a degrade with notes is told too (a SUCCESS status with the notes)
 * @param bridges bridge name → the bridge
 */
public record MatrixConfig(
    String host,
    int port,
    URI homeserver,
    String domain,
    boolean statusEvents,
    boolean errorNotices,
    boolean degradeStatus,
    Map<String, Bridge> bridges) {

  public MatrixConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(homeserver, "homeserver");
    bridges = Map.copyOf(bridges);
  }

  /**
   * A proxied bridge.
   *
   * @param name its name in the configuration, for logs and metrics
   * @param registration its appservice registration: the tokens, namespaces and id it has with the
   *     homeserver (whose {@code url} now points at Triage)
   * @param url where the bridge itself listens for transactions
   * @param capabilities what rooms that publish no {@code com.beeper.room_features} are mediated
   *     against (a profile, a document, or a profile with a delta)
   * @param rooms rules that give rooms whose id matches other capabilities, first match wins
   */
  public record Bridge(
      String name,
      Registration registration,
      URI url,
      Capabilities capabilities,
      List<RoomRule> rooms) {
    public Bridge {
      Objects.requireNonNull(registration, "registration");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(capabilities, "capabilities");
      rooms = List.copyOf(rooms);
    }

    /** The configured capabilities of a room: its first matching rule's, else the bridge's. */
    public Capabilities configured(String roomID) {
      for (RoomRule rule : rooms) {
        if (rule.match().matcher(roomID).matches()) {
          return rule.capabilities();
        }
      }
      return capabilities;
    }
  }

  /**
   * Rooms whose id matches get these capabilities when they publish none.
   *
   * @param match a regular expression over the whole room id
   * @param capabilities their capabilities
   */
  public record RoomRule(Pattern match, Capabilities capabilities) {
    @Override
    public boolean equals(Object other) {
      return other instanceof RoomRule
          && ((RoomRule) other).match.pattern().equals(match.pattern())
          && ((RoomRule) other).capabilities.equals(capabilities);
    }

    @Override
    public int hashCode() {
      return Objects.hash(match.pattern(), capabilities);
    }
  }

  /**
   * An appservice registration, as the homeserver loads it.
   *
   * @param id the appservice id
   * @param asToken what the appservice sends the homeserver (never shown)
   * @param hsToken what the homeserver sends the appservice (never shown)
   * @param senderLocalpart the bridge bot's localpart
   * @param users the user namespaces (the bot's and the ghosts'), as regular expressions
   */
  public record Registration(
      String id, String asToken, String hsToken, String senderLocalpart, List<Pattern> users) {
    public Registration {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(asToken, "asToken");
      Objects.requireNonNull(hsToken, "hsToken");
      Objects.requireNonNull(senderLocalpart, "senderLocalpart");
      users = List.copyOf(users);
    }

    /** Whether a user is the bridge's own: its bot or one of its ghosts. */
    public boolean owns(String userID) {
      if (userID == null) {
        return false;
      }
      if (userID.startsWith("@" + senderLocalpart + ":")) {
        return true;
      }
      for (Pattern user : users) {
        if (user.matcher(userID).matches()) {
          return true;
        }
      }
      return false;
    }

    /** Tokens are never shown. */
    @Override
    public String toString() {
      return "Registration[id=" + id + ", senderLocalpart=" + senderLocalpart + ", tokens=***]";
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof Registration)) {
        return false;
      }
      Registration o = (Registration) other;
      return id.equals(o.id)
          && asToken.equals(o.asToken)
          && hsToken.equals(o.hsToken)
          && senderLocalpart.equals(o.senderLocalpart)
          && patterns(users).equals(patterns(o.users));
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, asToken, hsToken, senderLocalpart, patterns(users));
    }

    private static List<String> patterns(List<Pattern> patterns) {
      return patterns.stream().map(Pattern::pattern).toList();
    }
  }

  /** The bridge whose registration has this {@code hs_token}, if any. */
  public Optional<Bridge> bridgeByHsToken(String token) {
    if (token == null) {
      return Optional.empty();
    }
    Bridge found = null;
    // Every token is compared, in constant time each: which one matched must not show in timing.
    for (Bridge bridge : bridges.values()) {
      if (java.security.MessageDigest.isEqual(
          bridge.registration().hsToken().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          token.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        found = bridge;
      }
    }
    return Optional.ofNullable(found);
  }
}
