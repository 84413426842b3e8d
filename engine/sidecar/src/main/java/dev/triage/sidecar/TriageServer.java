package dev.triage.sidecar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.adapter.AdapterContext;
import dev.triage.adapter.AdapterFactory;
import dev.triage.adapter.AdapterHealth;
import dev.triage.adapter.CapabilitySource;
import dev.triage.adapter.DeliveryResult;
import dev.triage.adapter.NetworkAdapter;
import dev.triage.adapter.loopback.LoopbackAdapter;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Spelling;
import dev.triage.config.AdapterConfig;
import dev.triage.config.ReloadableConfig;
import dev.triage.config.ShippedProfiles;
import dev.triage.config.TriageConfig;
import dev.triage.delivery.Delivery;
import dev.triage.journal.MVStoreJournal;
import dev.triage.json.CapabilityDelta;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import dev.triage.rule.Mediator;
import dev.triage.store.CapabilityStore;
import dev.triage.store.ChatCapabilities;
import dev.triage.store.UnknownChatException;
import dev.triage.verdict.Note;
import dev.triage.verdict.Verdict;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.logging.Level;

/**
 * The HTTP sidecar: the same decisions as the library, over loopback HTTP, for bridges in any
 * language. Routes are listed in {@link #router()}; the API is described in {@code
 * /v1/openapi.json}.
 */
public final class TriageServer {
  /** The most actions one batch may hold. */
  static final int MAX_BATCH = 1000;

  private final ReloadableConfig reloadable;
  private final UnaryOperator<TriageConfig> overrides;
  private final Mediator mediator;
  private final PrometheusMeterRegistry registry;
  private final DecisionMetrics metrics;
  private final Vertx vertx;
  private final AtomicReference<State> state = new AtomicReference<>();
  private final Delivery delivery;
  private final MVStoreJournal journal;

  /** Network → its adapter; an adapter whose settings did not change survives a reload. */
  private final Map<String, Adapter> adapters = new ConcurrentHashMap<>();

  /** A network's adapter, or why it has none. */
  private record Adapter(AdapterConfig config, NetworkAdapter adapter, String unavailable) {}

  private volatile boolean ready;
  private HttpServer server;

  /** What a configuration makes: kept together so a reload swaps them at once. */
  private record State(TriageConfig config, CapabilityStore store) {}

  /**
   * A server for a configuration; {@code reloadable} is {@code null} when running on the embedded
   * defaults (nothing to reload).
   */
  public TriageServer(TriageConfig config, ReloadableConfig reloadable, Clock clock) {
    this(config, reloadable, clock, UnaryOperator.identity());
  }

  /**
   * A server whose configuration, at start and on every reload, passes through {@code overrides}
   * (the command line's --host and --port, TRIAGE_TOKEN), so a reload never drops them.
   */
  public TriageServer(
      TriageConfig config,
      ReloadableConfig reloadable,
      Clock clock,
      UnaryOperator<TriageConfig> overrides) {
    this.overrides = overrides;
    config = overrides.apply(config);
    this.reloadable = reloadable;
    this.mediator = Mediator.create(clock);
    this.state.set(new State(config, config.newStore()));
    java.nio.file.Path journalFile = config.server().journal();
    if (journalFile == null) {
      this.journal = null;
      this.delivery = Delivery.create(clock);
    } else {
      // Ledger entries are kept for 30 days: longer than any shipped edit or delete limit.
      this.journal =
          MVStoreJournal.open(
              journalFile, clock, Delivery.DEFAULT_REMEMBER_FOR, java.time.Duration.ofDays(30));
      this.delivery =
          new Delivery(
              clock, journal, journal, Delivery.DEFAULT_REMEMBERED, Delivery.DEFAULT_REMEMBER_FOR);
      Logs.SERVER.info("delivery journal: " + journalFile);
    }
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Every metric is named triage_*, Vert.x's HTTP metrics included.
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith("triage.")
                    ? id
                    : id.withName("triage." + id.getName());
              }
            });
    this.metrics = new DecisionMetrics(registry);
    this.vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    // Adapters get the Vert.x instance and the registry, so they come after both.
    updateAdapters(config);
  }

  /**
   * Binds and serves.
   *
   * @return the port it listens on (the configured one, or the one picked for port 0)
   * @throws IllegalStateException when it must not or cannot listen, saying why
   */
  public int start() {
    TriageConfig.Server listen = state.get().config().server();
    if (listen.token() == null && !isLoopback(listen.host())) {
      throw new IllegalStateException(
          "refusing to listen on "
              + listen.host()
              + " without a token: anyone who can reach it could use it. Set server.token (or"
              + " TRIAGE_TOKEN), or listen on 127.0.0.1.");
    }
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(listen.host())
            .setPort(listen.port())
            .setCompressionSupported(true);
    if (listen.tls() != null) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new io.vertx.core.net.PfxOptions()
                  .setPath(listen.tls().keystore().toString())
                  .setPassword(listen.tls().password()));
    }
    try {
      server =
          vertx
              .createHttpServer(options)
              .requestHandler(router())
              .listen()
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(
          "cannot listen on " + listen.host() + ":" + listen.port() + ": " + cause.getMessage(),
          cause);
    }
    ready = true;
    return server.actualPort();
  }

  /**
   * Stops accepting requests, lets those in flight finish (up to {@code timeoutSeconds}), then
   * closes.
   */
  public void stop(long timeoutSeconds) {
    ready = false;
    try {
      if (server != null) {
        server
            .shutdown(timeoutSeconds, TimeUnit.SECONDS)
            .toCompletionStage()
            .toCompletableFuture()
            .get(timeoutSeconds + 5, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      Logs.SERVER.log(Level.WARNING, "shutdown did not finish cleanly", e);
    } finally {
      adapters.values().forEach(TriageServer::close);
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        Logs.SERVER.log(Level.WARNING, "Vert.x did not close cleanly", e);
      }
      if (journal != null) {
        journal.close();
      }
    }
  }

  /** Reads the configuration file again; a configuration that fails validation is not applied. */
  public ReloadableConfig.Reload reload() {
    if (reloadable == null) {
      return new ReloadableConfig.Reload(
          false, List.of("running on the embedded defaults: start with --config FILE to reload"));
    }
    ReloadableConfig.Reload result = reloadable.reload();
    if (result.applied()) {
      TriageConfig config = overrides.apply(reloadable.current());
      TriageConfig.Server running = state.get().config().server();
      if (!config.server().host().equals(running.host())
          || config.server().port() != running.port()) {
        Logs.SERVER.warning(
            "server.host and server.port take effect on restart; still listening on "
                + running.host()
                + ":"
                + running.port());
      }
      // The listener stays as it is; the token, networks, chats and logging take effect now.
      updateAdapters(config);
      state.set(new State(config, config.newStore()));
      Logs.SERVER.info("configuration reloaded from " + reloadable.file());
    } else {
      Logs.SERVER.warning(
          "configuration not reloaded, the running one is kept: "
              + String.join("; ", result.problems()));
    }
    return result;
  }

  /** Makes an adapter per network by its type; keeps those whose settings did not change. */
  private void updateAdapters(TriageConfig config) {
    Map<String, AdapterFactory> factories = new java.util.HashMap<>();
    ServiceLoader.load(AdapterFactory.class).forEach(f -> factories.put(f.type(), f));
    for (String gone : new ArrayList<>(adapters.keySet())) {
      if (!config.networks().containsKey(gone)) {
        close(adapters.remove(gone));
      }
    }
    config
        .networks()
        .forEach(
            (name, network) ->
                adapters.compute(
                    name,
                    (key, existing) -> {
                      if (existing != null && existing.config().equals(network.adapter())) {
                        return existing;
                      }
                      close(existing);
                      return makeAdapter(
                          name, network.adapter(), factories.get(network.adapter().type()));
                    }));
  }

  private Adapter makeAdapter(String network, AdapterConfig config, AdapterFactory factory) {
    if (factory == null) {
      String why = "the " + config.type() + " adapter is not in this build";
      Logs.SERVER.warning(
          "network " + network + ": " + why + "; its actions are mediated but not delivered");
      return new Adapter(config, null, why);
    }
    try {
      return new Adapter(config, factory.create(new HostContext(network, settings(config))), null);
    } catch (IllegalArgumentException e) {
      Logs.SERVER.warning("network " + network + ": " + e.getMessage());
      return new Adapter(config, null, e.getMessage());
    }
  }

  private static void close(Adapter adapter) {
    if (adapter != null && adapter.adapter() != null) {
      try {
        adapter.adapter().close();
      } catch (RuntimeException e) {
        Logs.SERVER.log(Level.WARNING, "an adapter did not close cleanly", e);
      }
    }
  }

  /** The sidecar's shared resources for adapters: its Vert.x and its metrics registry. */
  private final class HostContext implements AdapterContext {
    private final String network;
    private final Map<String, Object> settings;

    HostContext(String network, Map<String, Object> settings) {
      this.network = network;
      this.settings = Map.copyOf(settings);
    }

    @Override
    public String network() {
      return network;
    }

    @Override
    public Map<String, Object> settings() {
      return settings;
    }

    @Override
    public <T> java.util.Optional<T> resource(Class<T> type) {
      if (type.isInstance(vertx)) {
        return java.util.Optional.of(type.cast(vertx));
      }
      if (type.isInstance(registry)) {
        return java.util.Optional.of(type.cast(registry));
      }
      return java.util.Optional.empty();
    }
  }

  private static Map<String, Object> settings(AdapterConfig config) {
    Map<String, Object> settings = new java.util.HashMap<>();
    if (config.url() != null) {
      settings.put("url", config.url());
    }
    if (config.secret() != null) {
      settings.put("secret", config.secret());
    }
    if (config.token() != null) {
      settings.put("token", config.token());
    }
    if (config.timeout() != null) {
      settings.put("timeout", config.timeout());
    }
    if (config.retries() != null) {
      settings.put("retries", config.retries());
    }
    if (config.cacheTtl() != null) {
      settings.put("cacheTtl", config.cacheTtl());
    }
    return settings;
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  // --- routes ----------------------------------------------------------------------------------

  Router router() {
    TriageConfig.Server listen = state.get().config().server();
    Router router = Router.router(vertx);
    router.route().handler(this::logRequest);
    router.route().handler(TimeoutHandler.create(listen.requestTimeout().toMillis(), 503));
    router.get("/health/live").handler(ctx -> json(ctx, 200, object().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router.route().handler(this::authenticate);
    router.route().handler(BodyHandler.create(false).setBodyLimit(listen.bodyLimit()));
    // Not a method-restricted route: that would turn every unknown path into a 405.
    router.route().handler(this::requireJson);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    router.get("/v1/openapi.json").handler(this::openapi);
    router.post("/v1/mediate").handler(this::mediate);
    router.post("/v1/actions").handler(this::actions);
    new DesktopFacade(facadeHost()).routes(router);
    router.get("/v1/chats/:chatID/capabilities").handler(this::getCapabilities);
    router.put("/v1/chats/:chatID/capabilities").handler(this::putCapabilities);
    router.delete("/v1/chats/:chatID/capabilities").handler(this::deleteCapabilities);
    router.get("/v1/profiles").handler(this::profiles);
    router.get("/v1/profiles/:name").handler(this::profile);
    router.post("/v1/config/reload").handler(this::reloadRoute);
    router.route().failureHandler(this::failure);
    router.errorHandler(
        404,
        ctx ->
            error(
                ctx,
                404,
                "not_found",
                "no route for " + ctx.request().method() + " " + ctx.request().path(),
                null));
    router.errorHandler(
        405,
        ctx ->
            error(
                ctx,
                405,
                "method_not_allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path(),
                null));
    router.errorHandler(
        413,
        ctx ->
            error(
                ctx,
                413,
                "body_too_large",
                "the request body is larger than " + listen.bodyLimit() + " bytes",
                null));
    return router;
  }

  private void logRequest(RoutingContext ctx) {
    if (Logs.REQUESTS.isLoggable(Level.FINE)) {
      long start = System.nanoTime();
      ctx.addEndHandler(
          done ->
              Logs.REQUESTS.fine(
                  ctx.request().method()
                      + " "
                      + ctx.request().path()
                      + " "
                      + ctx.response().getStatusCode()
                      + " "
                      + (System.nanoTime() - start) / 1000
                      + "us"));
    }
    ctx.next();
  }

  private void ready(RoutingContext ctx) {
    if (!ready) {
      json(ctx, 503, object().put("status", "DOWN").put("reason", "shutting down"));
      return;
    }
    ObjectNode body =
        object().put("status", "UP").put("networks", state.get().store().networks().size());
    // Mediation works for every network; these cannot deliver (POST /v1/actions answers 503).
    ArrayNode undeliverable = body.putArray("undeliverable");
    adapters.forEach(
        (network, adapter) -> {
          if (adapter.adapter() == null) {
            undeliverable.addObject().put("network", network).put("reason", adapter.unavailable());
          } else if (adapter.adapter() instanceof AdapterHealth) {
            ((AdapterHealth) adapter.adapter())
                .problem()
                .ifPresent(
                    problem ->
                        undeliverable.addObject().put("network", network).put("reason", problem));
          }
        });
    json(ctx, 200, body);
  }

  private void authenticate(RoutingContext ctx) {
    String token = state.get().config().server().token();
    if (token == null) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    String given =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : "";
    // Constant time: how much of the token matched must not show in how long the answer takes.
    if (MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    error(
        ctx,
        401,
        "unauthorized",
        header == null
            ? "an Authorization: Bearer token is required"
            : "the bearer token is not valid",
        null);
  }

  private void requireJson(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if (method != HttpMethod.POST && method != HttpMethod.PUT) {
      ctx.next();
      return;
    }
    String type = ctx.request().getHeader("Content-Type");
    boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
    if (hasBody
        && (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
      error(
          ctx,
          415,
          "unsupported_media_type",
          "the body must be JSON (Content-Type: application/json), got "
              + (type == null ? "no Content-Type" : type),
          null);
      return;
    }
    ctx.next();
  }

  private void openapi(RoutingContext ctx) {
    try (InputStream in = TriageServer.class.getResourceAsStream("openapi.json")) {
      ctx.response()
          .putHeader("Content-Type", "application/json")
          .end(new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      ctx.fail(e);
    }
  }

  /** {@code POST /v1/mediate}: one action or a batch, against a document, a chat or a profile. */
  private void mediate(RoutingContext ctx) {
    JsonNode body = body(ctx);
    ObjectNode request = asObject(body);
    boolean explain = "true".equals(ctx.request().getParam("explain"));
    known(request, "capabilities", "chatID", "profile", "action", "actions");
    Capabilities caps = capabilitiesFor(request);
    String chatID = request.hasNonNull("chatID") ? request.get("chatID").asText() : null;
    JsonNode single = request.get("action");
    JsonNode batch = request.get("actions");
    if ((single == null) == (batch == null)) {
      throw ApiException.badRequest(
          "invalid_request", "give either action or actions (a list)", null);
    }
    if (single != null) {
      json(ctx, 200, decide(TriageJson.readAction(single, "action"), caps, chatID, explain));
      return;
    }
    if (!batch.isArray()) {
      throw ApiException.badRequest(
          "invalid_request", "actions: must be a list of actions", field("actions"));
    }
    if (batch.size() > MAX_BATCH) {
      throw ApiException.badRequest(
          "invalid_request",
          "actions: at most " + MAX_BATCH + " actions per request, got " + batch.size(),
          field("actions"));
    }
    List<Action> actions = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      actions.add(TriageJson.readAction(batch.get(i), "actions[" + i + "]"));
    }
    ObjectNode out = object();
    ArrayNode verdicts = out.putArray("verdicts");
    for (Action action : actions) {
      verdicts.add(decide(action, caps, chatID, explain));
    }
    json(ctx, 200, out);
  }

  /** {@code POST /v1/actions}: mediate, then deliver through the chat's network adapter. */
  private void actions(RoutingContext ctx) {
    ObjectNode request = asObject(body(ctx));
    known(request, "chatID", "action");
    if (!request.hasNonNull("chatID") || !request.get("chatID").isTextual()) {
      throw ApiException.badRequest(
          "invalid_field", "chatID: is required (the chat to deliver to)", field("chatID"));
    }
    if (!request.hasNonNull("action")) {
      throw ApiException.badRequest("invalid_field", "action: is required", field("action"));
    }
    String chatID = request.get("chatID").textValue();
    Action action = TriageJson.readAction(request.get("action"), "action");
    ChatCapabilities entry;
    try {
      entry = state.get().store().lookup(chatID);
    } catch (UnknownChatException e) {
      throw new ApiException(404, "unknown_chat", e.getMessage(), field("chatID"));
    }
    deliver(chatID, entry, action)
        .whenComplete(
            (outcome, failure) -> {
              if (failure != null) {
                fail(ctx, failure);
                return;
              }
              ObjectNode out = object().put("decisionID", DecisionIds.next());
              out.setAll(TriageJson.writeVerdict(outcome.verdict()));
              ArrayNode deliveries = out.putArray("deliveries");
              for (DeliveryResult result : outcome.deliveries()) {
                ObjectNode d = deliveries.addObject().put("status", result.status().name());
                if (result.messageID() != null) {
                  d.put("messageID", result.messageID());
                }
                if (result.reason() != null) {
                  d.put("reason", result.reason()).put("message", result.message());
                }
              }
              ObjectNode status =
                  out.putObject("sendStatus").put("status", outcome.sendStatus().status().name());
              if (outcome.sendStatus().reason() != null) {
                status.put("reason", outcome.sendStatus().reason());
              }
              status.put("message", outcome.sendStatus().message());
              json(ctx, 200, out);
            });
  }

  /** The network a chat is on: its own, or the default. */
  private String networkOf(ChatCapabilities entry) {
    return entry.network() != null ? entry.network() : state.get().config().defaultNetwork();
  }

  /**
   * Mediates and delivers an action to a chat through its network's adapter: the one path of {@code
   * POST /v1/actions} and the Desktop-API facade.
   */
  private CompletionStage<dev.triage.delivery.DeliveryOutcome> deliver(
      String chatID, ChatCapabilities entry, Action action) {
    String network = networkOf(entry);
    Adapter adapter = network == null ? null : adapters.get(network);
    if (adapter == null || adapter.adapter() == null) {
      return CompletableFuture.failedFuture(
          new ApiException(
              503,
              "adapter_unavailable",
              "cannot deliver to "
                  + chatID
                  + ": "
                  + (adapter == null
                      ? "its network has no adapter"
                      : "network " + network + ": " + adapter.unavailable()),
              null));
    }
    long start = System.nanoTime();
    return capabilitiesOf(chatID, entry, adapter.adapter())
        .thenCompose(caps -> delivery.mediateAndDeliver(chatID, action, caps, adapter.adapter()))
        .thenApply(
            outcome -> {
              metrics.record(action, outcome.verdict(), System.nanoTime() - start);
              return outcome;
            });
  }

  private DesktopFacade.Host facadeHost() {
    return new DesktopFacade.Host() {
      @Override
      public java.util.Optional<ChatCapabilities> listed(String chatID) {
        return state.get().store().listed(chatID);
      }

      @Override
      public List<String> chats() {
        return state.get().store().chatIDs();
      }

      @Override
      public String networkOf(String chatID, ChatCapabilities entry) {
        return TriageServer.this.networkOf(entry);
      }

      @Override
      public java.util.Optional<LoopbackAdapter> loopback(String network) {
        Adapter adapter = network == null ? null : adapters.get(network);
        return adapter != null && adapter.adapter() instanceof LoopbackAdapter
            ? java.util.Optional.of((LoopbackAdapter) adapter.adapter())
            : java.util.Optional.empty();
      }

      @Override
      public CompletionStage<dev.triage.delivery.DeliveryOutcome> deliver(
          String chatID, ChatCapabilities entry, Action action) {
        return TriageServer.this.deliver(chatID, entry, action);
      }
    };
  }

  /**
   * A chat the store does not list, on a network whose adapter can read capabilities (the Desktop
   * API), is mediated against what the network says; else, or when the network cannot say, against
   * its profile.
   */
  private CompletionStage<Capabilities> capabilitiesOf(
      String chatID, ChatCapabilities entry, NetworkAdapter adapter) {
    if (!(adapter instanceof CapabilitySource) || state.get().store().listed(chatID).isPresent()) {
      return CompletableFuture.completedFuture(entry.capabilities());
    }
    return ((CapabilitySource) adapter)
        .capabilities(chatID)
        .handle(
            (caps, failure) -> {
              if (failure != null) {
                Logs.SERVER.warning(
                    "capabilities of "
                        + chatID
                        + " could not be read from its network, using its profile: "
                        + failure.getMessage());
                return entry.capabilities();
              }
              return caps.orElse(entry.capabilities());
            });
  }

  private ObjectNode decide(Action action, Capabilities caps, String chatID, boolean explain) {
    long start = System.nanoTime();
    Verdict verdict = explain ? mediator.explain(action, caps) : mediator.mediate(action, caps);
    metrics.record(action, verdict, System.nanoTime() - start);
    String decisionID = DecisionIds.next();
    if (state.get().config().logging().decisions()) {
      List<String> codes = new ArrayList<>();
      for (Note note : verdict.notes()) {
        codes.add(note.code().code());
      }
      Logs.DECISIONS.info(
          "decision id="
              + decisionID
              + " chat="
              + (chatID == null ? "-" : chatID)
              + " action="
              + action.type().wireName()
              + " outcome="
              + verdict.decision().wireName()
              + " notes="
              + codes);
    }
    ObjectNode out = object().put("decisionID", decisionID);
    out.setAll(TriageJson.writeVerdict(verdict));
    return out;
  }

  /** The capabilities a mediate request names: exactly one of capabilities, chatID or profile. */
  private Capabilities capabilitiesFor(ObjectNode request) {
    int sources =
        (request.hasNonNull("capabilities") ? 1 : 0)
            + (request.hasNonNull("chatID") ? 1 : 0)
            + (request.hasNonNull("profile") ? 1 : 0);
    if (sources != 1) {
      throw ApiException.badRequest(
          "invalid_request",
          "give exactly one of capabilities (a document), chatID (a chat the store knows) or profile (a shipped profile)",
          null);
    }
    if (request.hasNonNull("capabilities")) {
      try {
        return TriageJson.readCapabilities(request.get("capabilities"));
      } catch (InvalidInputException e) {
        throw invalid(e, "capabilities");
      }
    }
    if (request.hasNonNull("profile")) {
      String name = request.get("profile").asText();
      return ShippedProfiles.get(name)
          .orElseThrow(
              () ->
                  ApiException.badRequest(
                      "unknown_profile",
                      "profile: no shipped profile named "
                          + name
                          + " (GET /v1/profiles lists them)",
                      field("profile")));
    }
    String chatID = request.get("chatID").asText();
    try {
      return state.get().store().resolve(chatID);
    } catch (UnknownChatException e) {
      throw new ApiException(404, "unknown_chat", e.getMessage(), field("chatID"));
    }
  }

  private void getCapabilities(RoutingContext ctx) {
    String chatID = ctx.pathParam("chatID");
    ChatCapabilities entry;
    try {
      entry = state.get().store().lookup(chatID);
    } catch (UnknownChatException e) {
      throw new ApiException(404, "unknown_chat", e.getMessage(), null);
    }
    json(ctx, 200, chatDocument(chatID, entry, spelling(ctx)));
  }

  /**
   * {@code PUT}: a whole document (either spelling); with {@code ?profile=} or {@code ?network=},
   * the chat is put on that network and a body, if any, is a delta over it.
   */
  private void putCapabilities(RoutingContext ctx) {
    String chatID = ctx.pathParam("chatID");
    String network = ctx.request().getParam("network");
    if (network == null) {
      network = ctx.request().getParam("profile");
    }
    CapabilityStore store = state.get().store();
    ChatCapabilities entry;
    try {
      if (network != null) {
        if (!store.networks().contains(network)) {
          throw ApiException.badRequest(
              "unknown_network",
              "no network named " + network + "; known: " + String.join(", ", store.networks()),
              field("network"));
        }
        boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
        entry = store.assign(chatID, network, hasBody ? CapabilityDelta.of(body(ctx)) : null);
      } else {
        entry = store.set(chatID, TriageJson.readCapabilities(body(ctx)));
      }
    } catch (InvalidInputException e) {
      throw invalid(e, "");
    }
    json(ctx, 200, chatDocument(chatID, entry, spelling(ctx)));
  }

  private void deleteCapabilities(RoutingContext ctx) {
    if (!state.get().store().remove(ctx.pathParam("chatID"))) {
      throw ApiException.notFound(
          "chat " + ctx.pathParam("chatID") + " has no capabilities of its own");
    }
    ctx.response().setStatusCode(204).end();
  }

  private ObjectNode chatDocument(String chatID, ChatCapabilities entry, Spelling spelling) {
    ObjectNode out = object().put("chatID", chatID).put("source", entry.source());
    if (entry.network() != null) {
      out.put("network", entry.network());
    }
    if (entry.delta() != null) {
      out.set("delta", entry.delta().patch());
    }
    out.set("capabilities", TriageJson.writeCapabilities(entry.capabilities(), spelling));
    return out;
  }

  private void profiles(RoutingContext ctx) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    ShippedProfiles.all()
        .forEach(
            (name, caps) -> {
              ObjectNode profile = out.addObject().put("name", name);
              if (caps.id() != null) {
                profile.put("id", caps.id());
              }
              profile.put("summary", ProfilesCommand.summary(caps));
            });
    json(ctx, 200, object().set("profiles", out));
  }

  private void profile(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Capabilities caps =
        ShippedProfiles.get(name)
            .orElseThrow(() -> ApiException.notFound("no shipped profile named " + name));
    json(ctx, 200, TriageJson.writeCapabilities(caps, spelling(ctx)));
  }

  private void reloadRoute(RoutingContext ctx) {
    ReloadableConfig.Reload result = reload();
    if (result.applied()) {
      json(ctx, 200, object().put("applied", true));
      return;
    }
    ArrayNode problems = JsonNodeFactory.instance.arrayNode();
    result.problems().forEach(problems::add);
    ObjectNode details = object();
    details.set("problems", problems);
    error(
        ctx,
        reloadable == null ? 409 : 422,
        "config_not_applied",
        "the configuration was not reloaded; the running one is kept: "
            + String.join("; ", result.problems()),
        details);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static Spelling spelling(RoutingContext ctx) {
    String spelling = ctx.request().getParam("spelling", "room_features");
    switch (spelling) {
      case "room_features":
        return Spelling.ROOM_FEATURES;
      case "desktop":
        return Spelling.DESKTOP_API;
      default:
        throw ApiException.badRequest(
            "invalid_parameter",
            "spelling: must be room_features or desktop, got " + spelling,
            field("spelling"));
    }
  }

  private static JsonNode body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() <= 0) {
      throw ApiException.badRequest(
          "invalid_json", "the request body is empty; a JSON object is expected", null);
    }
    try {
      return TriageJson.parse(ctx.body().asString("UTF-8"));
    } catch (InvalidInputException e) {
      throw ApiException.badRequest("invalid_json", e.getMessage(), null);
    }
  }

  private static ObjectNode asObject(JsonNode body) {
    if (!body.isObject()) {
      throw ApiException.badRequest("invalid_request", "the body must be a JSON object", null);
    }
    return (ObjectNode) body;
  }

  private static void known(ObjectNode request, String... fields) {
    List<String> allowed = List.of(fields);
    request
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                throw ApiException.badRequest(
                    "invalid_request",
                    name + ": unknown field (known: " + String.join(", ", allowed) + ")",
                    field(name));
              }
            });
  }

  private static ApiException invalid(InvalidInputException e, String prefix) {
    String path =
        prefix.isEmpty()
            ? e.path()
            : e.path().isEmpty()
                ? prefix
                : e.path().startsWith("[") ? prefix + e.path() : prefix + "." + e.path();
    String message = path.isEmpty() ? e.problem() : path + ": " + e.problem();
    return ApiException.badRequest("invalid_field", message, field(path));
  }

  /** Fails a request with what went wrong, unwrapped from the future that carried it. */
  static void fail(RoutingContext ctx, Throwable failure) {
    ctx.fail(
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure);
  }

  static ObjectNode field(String path) {
    return object().put("field", path);
  }

  private void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException) {
      ApiException api = (ApiException) failure;
      error(ctx, api.status, api.code, api.getMessage(), api.details);
    } else if (failure instanceof InvalidInputException) {
      ApiException api = invalid((InvalidInputException) failure, "");
      error(ctx, api.status, api.code, api.getMessage(), api.details);
    } else if (ctx.statusCode() == 413) {
      error(
          ctx,
          413,
          "body_too_large",
          "the request body is larger than " + state.get().config().server().bodyLimit() + " bytes",
          null);
    } else if (ctx.statusCode() == 503) {
      error(
          ctx,
          503,
          "timeout",
          "the request took longer than "
              + state.get().config().server().requestTimeout().toMillis()
              + " ms",
          null);
    } else if (ctx.statusCode() > 0 && ctx.statusCode() < 500) {
      error(ctx, ctx.statusCode(), "bad_request", "the request was refused", null);
    } else {
      Logs.SERVER.log(
          Level.SEVERE,
          "request failed: " + ctx.request().method() + " " + ctx.request().path(),
          failure);
      error(ctx, 500, "internal_error", "Triage failed on this request; it is logged", null);
    }
  }

  static void error(RoutingContext ctx, int status, String code, String message, JsonNode details) {
    if (ctx.response().ended()) {
      return;
    }
    ObjectNode body = object().put("code", code).put("message", message);
    if (details != null) {
      body.set("details", details);
    }
    json(ctx, status, body);
  }

  static void json(RoutingContext ctx, int status, JsonNode body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(TriageJson.toJson(body));
  }

  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }
}
