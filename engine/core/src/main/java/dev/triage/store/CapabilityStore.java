package dev.triage.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.triage.capability.Capabilities;
import dev.triage.json.CapabilityDelta;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chat ID → capabilities, in memory. A chat is on a network, whose profile it shares, plus an
 * optional delta; or it has a document of its own. Chats the store does not list use the default
 * network, if there is one.
 *
 * <p>What a chat costs: a map entry, and for a delta its canonical JSON, shared with every chat
 * whose delta is equal (while the interner remembers it). No chat holds a resolved document:
 * profiles are shared instances, and network + delta is resolved through a bounded cache, so the
 * documents in memory are the profiles and the most recently used resolutions. The number of chats
 * the store lists is capped ({@code maxChats}); a new chat beyond it is refused with {@link
 * StoreFullException}, while chats already listed may still change. Updates replace an immutable
 * entry atomically, so readers never see a half-applied document. Thread-safe.
 */
public final class CapabilityStore {
  /**
   * The default cap on listed chats. A chat with a small delta of its own costs about 230 bytes
   * when no two deltas are equal, about 100 when they are (StoreFootprint), so a full store is 100
   * to 220 MiB of heap: room for the rest in a 1 GiB heap, and the scale the design promises ("a
   * million chats").
   */
  public static final int DEFAULT_MAX_CHATS = 1_000_000;

  /**
   * How many resolved documents are cached: each is a few KiB, so at most about 16 MiB. A chat
   * whose resolution was evicted is resolved again when asked (a merge and a parse, tens of
   * microseconds).
   */
  static final int RESOLVED_DOCUMENTS = 4_096;

  /**
   * How many distinct (network, delta) entries are interned. Chats with an equal delta share one
   * entry while it is here; one evicted from here still works, it is only no longer shared with
   * chats assigned after.
   */
  static final int INTERNED_DELTAS = 16_384;

  private final Map<String, ChatCapabilities> networks;
  private final String defaultNetwork;
  private final int maxChats;
  private final ConcurrentHashMap<String, ChatCapabilities> chats = new ConcurrentHashMap<>();

  /** How many chats are listed: kept with every insert and removal, so the cap holds exactly. */
  private final AtomicInteger listed = new AtomicInteger();

  private final Cache<ChatCapabilities, ChatCapabilities> interned =
      Caffeine.newBuilder().maximumSize(INTERNED_DELTAS).build();
  private final Cache<ChatCapabilities, Capabilities> resolved =
      Caffeine.newBuilder().maximumSize(RESOLVED_DOCUMENTS).build();

  /**
   * A store over these networks that lists at most {@link #DEFAULT_MAX_CHATS} chats.
   *
   * @param networks network name → its profile
   * @param defaultNetwork the network of chats the store does not list, or {@code null}
   */
  public CapabilityStore(Map<String, Capabilities> networks, String defaultNetwork) {
    this(networks, defaultNetwork, DEFAULT_MAX_CHATS);
  }

  /**
   * A store over these networks.
   *
   * @param networks network name → its profile
   * @param defaultNetwork the network of chats the store does not list, or {@code null}
   * @param maxChats how many chats the store lists at most (chats it does not list cost nothing)
   * @throws IllegalArgumentException for a default network that is not one of {@code networks}, or
   *     a {@code maxChats} below 1
   */
  public CapabilityStore(Map<String, Capabilities> networks, String defaultNetwork, int maxChats) {
    if (maxChats < 1) {
      throw new IllegalArgumentException("maxChats must be at least 1, got " + maxChats);
    }
    Map<String, ChatCapabilities> shared = new java.util.TreeMap<>();
    networks.forEach(
        (name, profile) ->
            shared.put(
                Objects.requireNonNull(name, "network name"),
                ChatCapabilities.profile(name, profile)));
    this.networks = java.util.Collections.unmodifiableMap(shared);
    if (defaultNetwork != null && !this.networks.containsKey(defaultNetwork)) {
      throw new IllegalArgumentException(
          "default network " + defaultNetwork + " is not one of " + this.networks.keySet());
    }
    this.defaultNetwork = defaultNetwork;
    this.maxChats = maxChats;
  }

  /** The network names, sorted. */
  public java.util.Set<String> networks() {
    return networks.keySet();
  }

  /** How many chats the store lists at most. */
  public int maxChats() {
    return maxChats;
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
   * @throws StoreFullException when the chat is not listed yet and the store lists {@link
   *     #maxChats()} chats already
   */
  public ChatCapabilities assign(String chatID, String network, CapabilityDelta delta) {
    Objects.requireNonNull(chatID, "chatID");
    ChatCapabilities shared = networks.get(network);
    if (shared == null) {
      throw new IllegalArgumentException(
          "unknown network " + network + "; known: " + String.join(", ", networks.keySet()));
    }
    ChatCapabilities entry;
    if (delta == null || delta.isEmpty()) {
      entry = shared;
    } else {
      entry = ChatCapabilities.withDelta(network, delta, this);
      resolveDelta(entry); // an invalid delta is refused here, before anything is kept
      entry = interned.get(entry, candidate -> candidate);
    }
    put(chatID, entry);
    return entry;
  }

  /**
   * Gives a chat a whole document of its own.
   *
   * @throws StoreFullException when the chat is not listed yet and the store lists {@link
   *     #maxChats()} chats already
   */
  public ChatCapabilities set(String chatID, Capabilities capabilities) {
    ChatCapabilities entry = ChatCapabilities.document(capabilities);
    put(Objects.requireNonNull(chatID, "chatID"), entry);
    return entry;
  }

  /** Forgets a chat (it falls back to the default network). Returns whether it was listed. */
  public boolean remove(String chatID) {
    if (chats.remove(chatID) != null) {
      listed.decrementAndGet();
      return true;
    }
    return false;
  }

  /** Lists a chat, or changes a listed one; a new chat only while there is room. */
  private void put(String chatID, ChatCapabilities entry) {
    chats.compute(
        chatID,
        (id, before) -> {
          if (before == null && listed.incrementAndGet() > maxChats) {
            listed.decrementAndGet();
            throw new StoreFullException(chatID, maxChats);
          }
          return entry;
        });
  }

  /** A chat's network + delta, resolved; cached while it is used. */
  Capabilities resolveDelta(ChatCapabilities entry) {
    return resolved.get(entry, e -> e.delta().applyTo(networks.get(e.network()).capabilities()));
  }
}
