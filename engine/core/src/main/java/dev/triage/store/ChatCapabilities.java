package dev.triage.store;

import dev.triage.capability.Capabilities;
import dev.triage.json.CapabilityDelta;
import java.util.Objects;

/**
 * Where one chat's capabilities come from, and what they are. Immutable.
 *
 * <p>A chat on a network with a delta does not hold its resolved document: that would cost a whole
 * document (kilobytes) per chat. It holds the network and the delta, and {@link #capabilities()}
 * resolves them through its store's bounded cache, so equal deltas share one resolved document and
 * a million chats with a delta each cost about their deltas' size.
 */
public final class ChatCapabilities {
  private final String network;
  private final CapabilityDelta delta;

  /** The document itself, for a chat on a network without a delta or with a document of its own. */
  private final Capabilities document;

  /** Resolves network + delta, for a chat with a delta; else {@code null}. */
  private final CapabilityStore store;

  private ChatCapabilities(
      String network, CapabilityDelta delta, Capabilities document, CapabilityStore store) {
    this.network = network;
    this.delta = delta;
    this.document = document;
    this.store = store;
  }

  /** A network's own entry: its profile, shared by every chat on it without a delta. */
  static ChatCapabilities profile(String network, Capabilities profile) {
    return new ChatCapabilities(
        Objects.requireNonNull(network, "network"),
        null,
        Objects.requireNonNull(profile, network),
        null);
  }

  /** A chat on a network with a delta, resolved by {@code store} when asked. */
  static ChatCapabilities withDelta(String network, CapabilityDelta delta, CapabilityStore store) {
    return new ChatCapabilities(
        Objects.requireNonNull(network, "network"),
        Objects.requireNonNull(delta, "delta"),
        null,
        store);
  }

  /** A chat with a whole document of its own. */
  static ChatCapabilities document(Capabilities document) {
    return new ChatCapabilities(null, null, Objects.requireNonNull(document, "capabilities"), null);
  }

  /**
   * The network (and so profile) the chat is on, or {@code null} when its whole document was set
   * directly.
   */
  public String network() {
    return network;
  }

  /** The chat's change over its network's profile, or {@code null}. */
  public CapabilityDelta delta() {
    return delta;
  }

  /**
   * The resolved capabilities. For a chat with a delta they come from the store's cache: the same
   * instance while it is cached, an equal one after.
   */
  public Capabilities capabilities() {
    return document != null ? document : store.resolveDelta(this);
  }

  /** Where the capabilities come from, in words: {@code network wa + delta}, {@code document}. */
  public String source() {
    if (network == null) {
      return "document";
    }
    return "network " + network + (delta == null ? "" : " + delta");
  }

  /**
   * Equal when they come from the same place: the same network and an equal delta, or the same
   * document.
   */
  @Override
  public boolean equals(Object other) {
    if (other == this) {
      return true;
    }
    if (!(other instanceof ChatCapabilities)) {
      return false;
    }
    ChatCapabilities that = (ChatCapabilities) other;
    return Objects.equals(network, that.network)
        && Objects.equals(delta, that.delta)
        && Objects.equals(document, that.document);
  }

  @Override
  public int hashCode() {
    return Objects.hash(network, delta, document);
  }

  @Override
  public String toString() {
    return "ChatCapabilities[" + source() + (delta == null ? "" : " " + delta) + "]";
  }
}
