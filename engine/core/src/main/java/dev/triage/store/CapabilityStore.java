package dev.triage.store;

import dev.triage.capability.Capabilities;
import dev.triage.json.CapabilityDelta;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chat ID → capabilities, in memory. A chat is on a network, whose profile it shares, plus an
 * optional delta; or it has a document of its own. Chats the store does not list use the default
 * network, if there is one.
 *
 * <p>Profiles are shared, immutable instances, and every chat without a delta on one network shares
 * one entry: a chat costs a map entry, and memory beyond that only for a delta. Updates replace an
 * immutable entry atomically, so readers never see a half-applied document. Thread-safe.
 */
public final class CapabilityStore {
  private final Map<String, ChatCapabilities> networks;
  private final String defaultNetwork;
  private final ConcurrentHashMap<String, ChatCapabilities> chats = new ConcurrentHashMap<>();

  /**
   * A store over these networks.
   *
   * @param networks network name → its profile
   * @param defaultNetwork the network of chats the store does not list, or {@code null}
   */
  public CapabilityStore(Map<String, Capabilities> networks, String defaultNetwork) {
    Map<String, ChatCapabilities> shared = new java.util.TreeMap<>();
    networks.forEach(
        (name, profile) ->
            shared.put(
                Objects.requireNonNull(name, "network name"),
                new ChatCapabilities(name, null, Objects.requireNonNull(profile, name))));
    this.networks = java.util.Collections.unmodifiableMap(shared);
    if (defaultNetwork != null && !this.networks.containsKey(defaultNetwork)) {
      throw new IllegalArgumentException(
          "default network " + defaultNetwork + " is not one of " + this.networks.keySet());
    }
    this.defaultNetwork = defaultNetwork;
  }

  /** The network names, sorted. */
  public java.util.Set<String> networks() {
    return networks.keySet();
  }

  /** The default network, if there is one. */
  public Optional<String> defaultNetwork() {
    return Optional.ofNullable(defaultNetwork);
  }

  /**
   * The capabilities a chat is mediated against.
   *
   * @throws UnknownChatException for an unlisted chat when there is no default network
   */
  public Capabilities resolve(String chatID) {
    return lookup(chatID).capabilities();
  }

  /**
   * Where a chat's capabilities come from and what they are; an unlisted chat is on the default
   * network.
   *
   * @throws UnknownChatException for an unlisted chat when there is no default network
   */
  public ChatCapabilities lookup(String chatID) {
    ChatCapabilities entry = chats.get(chatID);
    if (entry != null) {
      return entry;
    }
    if (defaultNetwork == null) {
      throw new UnknownChatException(chatID);
    }
    return networks.get(defaultNetwork);
  }

  /** The chat's own entry, if the store lists it (unlisted chats are on the default network). */
  public Optional<ChatCapabilities> listed(String chatID) {
    return Optional.ofNullable(chats.get(chatID));
  }

  /** The IDs of the chats the store lists, sorted (a copy: it costs a pass over them). */
  public java.util.List<String> chatIDs() {
    java.util.List<String> ids = new java.util.ArrayList<>(chats.keySet());
    java.util.Collections.sort(ids);
    return ids;
  }

  /** How many chats the store lists. */
  public int size() {
    return chats.size();
  }

  /**
   * Puts a chat on a network, with an optional delta over its profile.
   *
   * @throws IllegalArgumentException for an unknown network
   * @throws dev.triage.json.InvalidInputException if the delta makes an invalid document; the chat
   *     keeps what it had
   */
  public ChatCapabilities assign(String chatID, String network, CapabilityDelta delta) {
    Objects.requireNonNull(chatID, "chatID");
    ChatCapabilities shared = networks.get(network);
    if (shared == null) {
      throw new IllegalArgumentException(
          "unknown network " + network + "; known: " + String.join(", ", networks.keySet()));
    }
    ChatCapabilities entry =
        delta == null || delta.isEmpty()
            ? shared
            : new ChatCapabilities(network, delta, delta.applyTo(shared.capabilities()));
    chats.put(chatID, entry);
    return entry;
  }

  /** Gives a chat a whole document of its own. */
  public ChatCapabilities set(String chatID, Capabilities capabilities) {
    ChatCapabilities entry = new ChatCapabilities(null, null, capabilities);
    chats.put(Objects.requireNonNull(chatID, "chatID"), entry);
    return entry;
  }

  /** Forgets a chat (it falls back to the default network). Returns whether it was listed. */
  public boolean remove(String chatID) {
    return chats.remove(chatID) != null;
  }
}
