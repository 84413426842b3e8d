package dev.triage.config;

import dev.triage.capability.Capabilities;
import dev.triage.json.CapabilityDelta;
import dev.triage.store.CapabilityStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated configuration. Read one with {@link ConfigLoader}; {@link #embedded()} is what Triage
 * runs with when given none.
 *
 * @param server where and how the sidecar listens
 * @param logging what the sidecar logs, and how
 * @param defaultNetwork the network of chats not listed under {@code chats}, or {@code null}
 * @param networks network name → its capabilities and adapter
 * @param chats chat ID → its network and delta
 * @param matrix the appservice proxy in front of bridges, or {@code null} when it is off
 * @param storage where delivery state and chats are kept: this process, or a shared database
 */
public record TriageConfig(
    Server server,
    Logging logging,
    String defaultNetwork,
    Map<String, Network> networks,
    Map<String, Chat> chats,
    MatrixConfig matrix,
    StorageConfig storage) {

  public TriageConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(logging, "logging");
    networks = Map.copyOf(networks);
    chats = Map.copyOf(chats);
  }

  /** A configuration without the appservice proxy. */
  public TriageConfig(
      Server server,
      Logging logging,
      String defaultNetwork,
      Map<String, Network> networks,
      Map<String, Chat> chats) {
    this(server, logging, defaultNetwork, networks, chats, null);
  }

  /** A configuration that keeps its state in this process. */
  public TriageConfig(
      Server server,
      Logging logging,
      String defaultNetwork,
      Map<String, Network> networks,
      Map<String, Chat> chats,
      MatrixConfig matrix) {
    this(server, logging, defaultNetwork, networks, chats, matrix, StorageConfig.embedded());
  }

  /** This configuration with another server section. */
  public TriageConfig withServer(Server server) {
    return new TriageConfig(server, logging, defaultNetwork, networks, chats, matrix, storage);
  }

  /** This configuration with another storage section. */
  public TriageConfig withStorage(StorageConfig storage) {
    return new TriageConfig(server, logging, defaultNetwork, networks, chats, matrix, storage);
  }

  /**
   * The sidecar's listener.
   *
   * @param host the address to bind
   * @param port the port (0 picks a free one)
   * @param token the bearer token clients must send, or {@code null} for none (loopback only)
   * @param bodyLimit the largest request body, in bytes
   * @param requestTimeout how long a request may take
   * @param tls the listener's certificate, or {@code null} for plain HTTP
   * @param journal the file where delivery results and the message ledger are kept across restarts,
   *     or {@code null} to keep them in memory
   * @param maxChats how many chats the capability store lists at most (chats given capabilities
   *     over the API or in {@code chats}); a new one beyond is refused
   * @param limits connection timeouts and the threads that serve requests
   */
  public record Server(
      String host,
      int port,
      String token,
      long bodyLimit,
      Duration requestTimeout,
      Tls tls,
      java.nio.file.Path journal,
      int maxChats,
      Limits limits) {
    public Server {
      if (maxChats < 1) {
        throw new IllegalArgumentException("server.maxChats must be at least 1, got " + maxChats);
      }
      Objects.requireNonNull(limits, "limits");
    }

    /**
     * Defaults: 127.0.0.1:29340, no token, 1 MiB bodies, 30 s requests, plain HTTP, in memory, at
     * most {@link CapabilityStore#DEFAULT_MAX_CHATS} chats, and {@link Limits#defaults()}.
     */
    public static Server defaults() {
      return new Server(
          "127.0.0.1",
          29340,
          null,
          1024 * 1024,
          Duration.ofSeconds(30),
          null,
          null,
          CapabilityStore.DEFAULT_MAX_CHATS,
          Limits.defaults());
    }

    /** A server with the default {@code maxChats} and limits. */
    public Server(
        String host,
        int port,
        String token,
        long bodyLimit,
        Duration requestTimeout,
        Tls tls,
        java.nio.file.Path journal) {
      this(
          host,
          port,
          token,
          bodyLimit,
          requestTimeout,
          tls,
          journal,
          CapabilityStore.DEFAULT_MAX_CHATS,
          Limits.defaults());
    }

    /** A server that keeps delivery state in memory, with the defaults for the rest. */
    public Server(
        String host, int port, String token, long bodyLimit, Duration requestTimeout, Tls tls) {
      this(host, port, token, bodyLimit, requestTimeout, tls, null);
    }

    /** This server on another address, with another token ({@code null} for none). */
    public Server withListener(String host, int port, String token) {
      return new Server(
          host, port, token, bodyLimit, requestTimeout, tls, journal, maxChats, limits);
    }

    /**
     * How long connections may wait and how many threads serve them.
     *
     * @param idleTimeout a connection that sends and receives nothing for this long is closed
     * @param headerTimeout a new connection that has not sent a whole request line and headers
     *     within this is closed (a client that opens connections and sends nothing, or half a
     *     request line, holds no socket for long)
     * @param eventLoops how many event loops accept and answer requests
     * @param workers how many threads do HTML and Markdown work, off the event loops
     * @param workQueue how many requests with HTML or Markdown may wait for a worker; past that a
     *     request is answered 503 {@code overloaded} at once
     */
    public record Limits(
        Duration idleTimeout, Duration headerTimeout, int eventLoops, int workers, int workQueue) {
      public Limits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        if (eventLoops < 1 || workers < 1 || workQueue < 0) {
          throw new IllegalArgumentException(
              "eventLoops and workers must be at least 1, workQueue not negative");
        }
      }

      /**
       * 60 s idle, 10 s for a request's headers, one event loop per core (at least two), one worker
       * per core, 256 waiting.
       */
      public static Limits defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new Limits(
            Duration.ofSeconds(60), Duration.ofSeconds(10), Math.max(2, cores), cores, 256);
      }
    }

    /**
     * The listener's certificate and key, as a PKCS#12 keystore.
     *
     * @param keystore the .p12 file
     * @param password its password (never shown)
     */
    public record Tls(java.nio.file.Path keystore, String password) {
      @Override
      public String toString() {
        return "Tls[keystore=" + keystore + ", password=***]";
      }
    }

    /** The token is never shown. */
    @Override
    public String toString() {
      return "Server[host="
          + host
          + ", port="
          + port
          + ", token="
          + (token == null ? "none" : "***")
          + ", bodyLimit="
          + bodyLimit
          + ", requestTimeout="
          + requestTimeout
          + (tls == null ? "" : ", tls=" + tls)
          + (journal == null ? "" : ", journal=" + journal)
          + ", maxChats="
          + maxChats
          + ", limits="
          + limits
          + "]";
    }
  }

  /**
   * What the sidecar logs.
   *
   * @param format {@code text} (one readable line per event) or {@code json} (one JSON object per
   *     line)
   * @param level {@code debug} (adds one line per request), {@code info}, {@code warn} or {@code
   *     error}
   * @param decisions whether every decision is logged at info: decision id, chat, action type,
   *     outcome, note codes (never message text)
   */
  public record Logging(String format, String level, boolean decisions) {
    /** Defaults: text, info, no decision log. */
    public static Logging defaults() {
      return new Logging("text", "info", false);
    }
  }

  /**
   * A network: what its chats support and how to reach it.
   *
   * @param profile the shipped profile it starts from, or {@code null}
   * @param capabilities the resolved capabilities (the profile, changed by a delta where given)
   * @param adapter how actions are delivered
   */
  public record Network(String profile, Capabilities capabilities, AdapterConfig adapter) {}

  /**
   * A chat listed in the configuration.
   *
   * @param network its network
   * @param delta its change over the network's capabilities, or {@code null}
   */
  public record Chat(String network, CapabilityDelta delta) {}

  /**
   * The embedded defaults: a {@code default} network on the WhatsApp profile and one network per
   * shipped profile, named after it, all delivering to the loopback adapter; unlisted chats are on
   * {@code default}.
   */
  public static TriageConfig embedded() {
    Map<String, Network> networks = new LinkedHashMap<>();
    networks.put(
        "default",
        new Network(
            "whatsapp", ShippedProfiles.get("whatsapp").orElseThrow(), AdapterConfig.loopback()));
    ShippedProfiles.all()
        .forEach(
            (name, profile) ->
                networks.put(name, new Network(name, profile, AdapterConfig.loopback())));
    // A few demo chats, so the Desktop-API facade has something to show right after serve.
    Map<String, Chat> chats = new LinkedHashMap<>();
    for (String network : List.of("whatsapp", "signal", "slack", "gvoice")) {
      chats.put("!demo-" + network + ":triage.local", new Chat(network, null));
    }
    return new TriageConfig(Server.defaults(), Logging.defaults(), "default", networks, chats);
  }

  /** A capability store holding this configuration's networks and chats. */
  public CapabilityStore newStore() {
    Map<String, Capabilities> profiles = new LinkedHashMap<>();
    networks.forEach((name, network) -> profiles.put(name, network.capabilities()));
    CapabilityStore store = new CapabilityStore(profiles, defaultNetwork, server.maxChats());
    chats.forEach((chatID, chat) -> store.assign(chatID, chat.network(), chat.delta()));
    return store;
  }
}
