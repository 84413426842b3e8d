package dev.triage.sidecar;

import dev.triage.config.ReloadableConfig;
import dev.triage.config.StorageConfig;
import dev.triage.config.TriageConfig;
import dev.triage.delivery.Delivery;
import dev.triage.journal.MVStoreJournal;
import dev.triage.postgres.PostgresChats;
import dev.triage.postgres.PostgresJournal;
import dev.triage.postgres.PostgresStorage;
import dev.triage.postgres.PostgresTransactions;
import dev.triage.rule.Mediator;
import dev.triage.sidecar.appservice.AppserviceProxy;
import dev.triage.sidecar.appservice.TransactionClaims;
import dev.triage.sidecar.facade.DesktopFacade;
import dev.triage.sidecar.gateway.AdapterRegistry;
import dev.triage.sidecar.gateway.DecisionMetrics;
import dev.triage.sidecar.gateway.FormatWorkers;
import dev.triage.sidecar.gateway.Gateway;
import dev.triage.sidecar.gateway.SharedChats;
import dev.triage.sidecar.http.BearerAuth;
import dev.triage.sidecar.http.ErrorCode;
import dev.triage.sidecar.http.FailureHandler;
import dev.triage.sidecar.http.HeaderTimeout;
import dev.triage.sidecar.http.HttpMetrics;
import dev.triage.sidecar.http.JsonContentType;
import dev.triage.sidecar.http.RequestDeadlines;
import dev.triage.sidecar.http.RequestLog;
import dev.triage.sidecar.http.RequestStart;
import dev.triage.sidecar.http.Responses;
import dev.triage.sidecar.http.RouteGroup;
import dev.triage.sidecar.routes.ActionRoutes;
import dev.triage.sidecar.routes.CapabilityRoutes;
import dev.triage.sidecar.routes.CompareRoutes;
import dev.triage.sidecar.routes.HealthRoutes;
import dev.triage.sidecar.routes.MatrixRoutes;
import dev.triage.sidecar.routes.MediateRoutes;
import dev.triage.sidecar.routes.OperationRoutes;
import dev.triage.sidecar.routes.PageRoutes;
import dev.triage.store.CapabilityStore;
import dev.triage.store.ChatCapabilities;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Level;

/**
 * The HTTP sidecar's lifecycle: it builds the gateway and the route groups, listens, reloads and
 * stops. What a request goes through is in {@link #router()}; what each route does is in its group
 * ({@code dev.triage.sidecar.routes}, {@code dev.triage.sidecar.facade}); the way from a request to
 * a decision and to the network is the {@link Gateway}.
 */
public final class TriageServer {
  /** Ledger entries are kept for 30 days: longer than any shipped edit or delete limit. */
  private static final Duration LEDGER_FOR = Duration.ofDays(30);

  /** Threads that write the MVStore journal: as many deliveries can wait for one commit. */
  private static final int JOURNAL_THREADS = 8;

  private final ReloadableConfig reloadable;
  private final UnaryOperator<TriageConfig> overrides;
  private final PrometheusMeterRegistry registry;
  private final Vertx vertx;
  private final MVStoreJournal journal;
  private final PostgresStorage postgres;
  private final java.util.concurrent.ExecutorService journalThreads;
  private final PostgresChats chats;
  private final AdapterRegistry adapters;
  private final FormatWorkers workers;
  private final Gateway gateway;
  private final HttpMetrics httpMetrics;
  private final TriageConfig.Server listener;
  private final BearerAuth auth;
  private final HealthRoutes health;
  private final PageRoutes page;
  private final List<RouteGroup> groups;
  private final List<HttpServer> servers = new ArrayList<>();
  private final AppserviceProxy appservice;
  private volatile int appservicePort = -1;

  private volatile boolean ready;

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
    this.listener = config.server();
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Every metric is named triage_*, Vert.x's included.
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
    TriageConfig.Server.Limits limits = listener.limits();
    this.vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setEventLoopPoolSize(limits.eventLoops())
                    .setMetricsOptions(
                        new MicrometerMetricsOptions()
                            .setEnabled(true)
                            // Requests are counted by HttpMetrics: cheaper, and right when a
                            // client gives up mid-body.
                            .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    this.httpMetrics = new HttpMetrics(registry);
    // Adapters get the Vert.x instance and the registry, so they come after both.
    this.adapters = new AdapterRegistry(vertx, registry);
    this.workers = new FormatWorkers(vertx, limits.workers(), limits.workQueue());
    Mediator mediator = Mediator.create(clock);
    Delivery.Builder delivery =
        Delivery.builder().clock(clock).mediator(mediator).mediateOn(workers.executor());
    java.nio.file.Path journalFile = listener.journal();
    StorageConfig.Postgres shared = config.storage().postgres();
    if (shared != null) {
      // Several instances on one database: ids, results and the ledger are shared, and every
      // call to it runs on the storage's own threads, never on an event loop.
      this.journal = null;
      this.journalThreads = null;
      this.postgres =
          openOrClose(
              new PostgresStorage.Settings(
                  shared.jdbcUrl(),
                  shared.user(),
                  shared.password(),
                  shared.poolSize(),
                  shared.waitFor()),
              clock,
              vertx,
              workers);
      PostgresJournal journal = postgres.journal(Delivery.DEFAULT_REMEMBER_FOR, LEDGER_FOR);
      delivery.ledger(journal).journal(journal).journalOn(postgres.executor());
      Logs.SERVER.info("delivery state shared in PostgreSQL " + shared.describe());
    } else if (journalFile == null) {
      this.journal = null;
      this.postgres = null;
      this.journalThreads = null;
    } else {
      this.postgres = null;
      this.journal =
          MVStoreJournal.open(journalFile, clock, Delivery.DEFAULT_REMEMBER_FOR, LEDGER_FOR);
      // Commits block: they run on threads of their own, where deliveries finishing together
      // share one, never on an event loop.
      this.journalThreads =
          java.util.concurrent.Executors.newFixedThreadPool(
              JOURNAL_THREADS,
              task -> {
                Thread thread = new Thread(task, "triage-journal");
                thread.setDaemon(true);
                return thread;
              });
      delivery.ledger(journal).journal(journal).journalOn(journalThreads);
      Logs.SERVER.info("delivery journal: " + journalFile);
    }
    this.chats = postgres == null ? null : postgres.chats();
    this.gateway =
        new Gateway(
            config,
            mediator,
            delivery.build(),
            adapters,
            new DecisionMetrics(registry),
            workers,
            chats == null ? null : sharedChats(chats, postgres.executor()));
    if (chats != null) {
      // Every change another instance makes is applied here; after a lost connection, all.
      chats.listen(gateway::store, gateway::reloadChats);
    }
    this.auth = new BearerAuth(() -> gateway.config().server().token());
    this.appservice =
        config.matrix() == null
            ? null
            : new AppserviceProxy(
                vertx,
                config.matrix(),
                gateway.mediator(),
                registry,
                postgres == null
                    ? TransactionClaims.local()
                    : transactionClaims(postgres.transactions(Delivery.DEFAULT_REMEMBER_FOR)));
    this.health =
        new HealthRoutes(
            gateway,
            auth,
            () -> ready,
            () -> appservice == null ? Map.of() : appservice.problems());
    this.page = new PageRoutes(auth);
    this.groups =
        List.of(
            new MediateRoutes(gateway),
            new MatrixRoutes(gateway),
            new ActionRoutes(gateway),
            new DesktopFacade(gateway),
            new CapabilityRoutes(gateway),
            new CompareRoutes(),
            new OperationRoutes(registry, this::reload, reloadable != null));
  }

  /**
   * Binds and serves, on {@code server.eventLoops} event loops sharing the port.
   *
   * @return the port it listens on (the configured one, or the one picked for port 0)
   * @throws IllegalStateException when it must not or cannot listen, saying why
   */
  public int start() {
    String refusal = unsafeListener(listener.host(), listener.token());
    if (refusal != null) {
      close();
      throw new IllegalStateException(refusal);
    }
    TriageConfig.Server.Limits limits = listener.limits();
    HeaderTimeout headerTimeout = new HeaderTimeout(vertx, limits.headerTimeout().toMillis());
    // Port 0 is spelled -1 here: Vert.x then picks one free port and shares it among the
    // instances, where 0 would give each instance a port of its own.
    int bind = listener.port() == 0 ? -1 : listener.port();
    int port = listener.port();
    try {
      // One verticle instance per event loop, each with a server of its own: Vert.x binds the
      // port once and hands connections to the instances in turn.
      for (int i = 0; i < limits.eventLoops(); i++) {
        Listener instance = new Listener(options(bind, limits), headerTimeout, router());
        vertx
            .deployVerticle(instance)
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
        servers.add(instance.server);
        port = instance.server.actualPort();
      }
    } catch (Exception e) {
      close();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(
          "cannot listen on " + listener.host() + ":" + port + ": " + cause.getMessage(), cause);
    }
    if (appservice != null) {
      try {
        appservicePort = appservice.start();
      } catch (Exception e) {
        close();
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw new IllegalStateException(
            "cannot listen for the homeserver on "
                + listener.host()
                + " (matrix.host, matrix.port): "
                + cause.getMessage(),
            cause);
      }
    }
    ready = true;
    return port;
  }

  /** Chats kept in PostgreSQL: the configuration's written at start and reload, all loaded. */
  private static SharedChats sharedChats(PostgresChats chats, Executor executor) {
    return new SharedChats() {
      @Override
      public void publishAndLoad(TriageConfig config, CapabilityStore store) {
        Map<String, ChatCapabilities> configured = new LinkedHashMap<>();
        for (String chatID : config.chats().keySet()) {
          store.listed(chatID).ifPresent(entry -> configured.put(chatID, entry));
        }
        chats.putAll(configured);
        chats.loadInto(store);
      }

      @Override
      public void load(CapabilityStore store) {
        chats.loadInto(store);
      }

      @Override
      public CompletionStage<Void> write(String chatID, ChatCapabilities entry) {
        return CompletableFuture.runAsync(
            () -> {
              if (entry == null) {
                chats.remove(chatID);
              } else {
                chats.put(chatID, entry);
              }
            },
            executor);
      }
    };
  }

  /** The appservice proxy's transactions claimed in PostgreSQL, off the event loop. */
  private TransactionClaims transactionClaims(PostgresTransactions shared) {
    Executor executor = postgres.executor();
    return new TransactionClaims() {
      @Override
      public CompletionStage<Outcome> claim(String bridge, String txnID, String bodyHash) {
        return shared
            .claim(bridge, txnID, bodyHash)
            .thenApply(outcome -> Outcome.valueOf(outcome.name()));
      }

      @Override
      public CompletionStage<Void> accepted(String bridge, String txnID, String bodyHash) {
        return CompletableFuture.runAsync(() -> shared.accepted(bridge, txnID, bodyHash), executor);
      }

      @Override
      public CompletionStage<Void> release(String bridge, String txnID, String bodyHash) {
        return CompletableFuture.runAsync(() -> shared.release(bridge, txnID, bodyHash), executor);
      }
    };
  }

  /** The shared database; when it cannot be used, what was started for the server stops. */
  private static PostgresStorage openOrClose(
      PostgresStorage.Settings settings, Clock clock, Vertx vertx, FormatWorkers workers) {
    try {
      return PostgresStorage.open(settings, clock);
    } catch (RuntimeException e) {
      workers.close();
      vertx.close();
      throw e;
    }
  }

  /** One event loop's server. */
  private static final class Listener extends VerticleBase {
    private final HttpServerOptions options;
    private final HeaderTimeout headerTimeout;
    private final Router router;
    private HttpServer server;

    Listener(HttpServerOptions options, HeaderTimeout headerTimeout, Router router) {
      this.options = options;
      this.headerTimeout = headerTimeout;
      this.router = router;
    }

    @Override
    public Future<?> start() {
      server =
          vertx
              .createHttpServer(options)
              .connectionHandler(headerTimeout.onConnection())
              .requestHandler(headerTimeout.wrap(router));
      return server.listen();
    }
  }

  private HttpServerOptions options(int port, TriageConfig.Server.Limits limits) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(listener.host())
            .setPort(port)
            // Go's HTTP client, which bridges use, asks for gzip on every request: a small answer
            // is not worth compressing (it barely shrinks), and level 1 gets most of what JSON
            // compresses at a fraction of the default's time.
            .setCompressionSupported(true)
            .setCompressionContentSizeThreshold(1024)
            .setCompressionLevel(1)
            // No WebSockets are served: without their compression, no extension handler sits in
            // every connection's pipeline.
            .setPerFrameWebSocketCompressionSupported(false)
            .setPerMessageWebSocketCompressionSupported(false)
            // Sniffing for cleartext HTTP/2 delays the connection handler until the first bytes
            // arrive, and with it the header timeout: bridges speak HTTP/1.1 (and h2 over TLS).
            .setHttp2ClearTextEnabled(false)
            .setIdleTimeout((int) limits.idleTimeout().toMillis())
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    if (listener.tls() != null) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new PfxOptions()
                  .setPath(listener.tls().keystore().toString())
                  .setPassword(listener.tls().password()));
    }
    return options;
  }

  /**
   * Why listening on {@code host} with {@code token} must not happen, or {@code null}: anywhere but
   * loopback needs a token. The same rule at start-up and on every reload.
   */
  static String unsafeListener(String host, String token) {
    if (token == null && !isLoopback(host)) {
      return "refusing to listen on "
          + host
          + " without a token: anyone who can reach it could use it. Set server.token (or"
          + " TRIAGE_TOKEN), or listen on 127.0.0.1.";
    }
    return null;
  }

  /**
   * Stops accepting requests, lets those in flight finish (up to {@code timeoutSeconds}), then
   * closes.
   */
  public void stop(long timeoutSeconds) {
    ready = false;
    try {
      for (HttpServer server : servers) {
        server
            .shutdown(timeoutSeconds, TimeUnit.SECONDS)
            .toCompletionStage()
            .toCompletableFuture()
            .get(timeoutSeconds + 5, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      Logs.SERVER.log(Level.WARNING, "shutdown did not finish cleanly", e);
    } finally {
      close();
    }
  }

  /** The port the appservice proxy listens on for the homeserver, or -1 when it is off. */
  public int appservicePort() {
    return appservicePort;
  }

  private void close() {
    if (appservice != null) {
      appservice.close();
    }
    adapters.close();
    workers.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      Logs.SERVER.log(Level.WARNING, "Vert.x did not close cleanly", e);
    }
    if (journalThreads != null) {
      journalThreads.shutdown();
      try {
        journalThreads.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (journal != null) {
      journal.close();
    }
    if (chats != null) {
      chats.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  /**
   * Reads the configuration file again; a configuration that fails validation, or that would leave
   * a listener beyond loopback without a token, is not applied.
   */
  public ReloadableConfig.Reload reload() {
    if (reloadable == null) {
      return new ReloadableConfig.Reload(
          false, List.of("running on the embedded defaults: start with --config FILE to reload"));
    }
    ReloadableConfig.Reload result =
        reloadable.reload(
            candidate -> {
              TriageConfig.Server next = overrides.apply(candidate).server();
              // The listener stays where it is until a restart: the token must still guard it,
              // and the address the file now names must be safe to start on.
              List<String> problems = new ArrayList<>();
              for (String host : new String[] {listener.host(), next.host()}) {
                String refusal = unsafeListener(host, next.token());
                if (refusal != null && !problems.contains("server.token: " + refusal)) {
                  problems.add("server.token: " + refusal);
                }
              }
              return problems;
            });
    if (result.applied()) {
      TriageConfig config = overrides.apply(reloadable.current());
      if (!config.server().host().equals(listener.host())
          || config.server().port() != listener.port()) {
        Logs.SERVER.warning(
            "server.host and server.port take effect on restart; still listening on "
                + listener.host()
                + ":"
                + listener.port());
      }
      // The listener stays as it is; the token, networks, chats and logging take effect now.
      gateway.apply(config);
      Logs.SERVER.info("configuration reloaded from " + reloadable.file());
    } else {
      Logs.SERVER.warning(
          "configuration not reloaded, the running one is kept: "
              + String.join("; ", result.problems()));
    }
    return result;
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * What every request goes through, in order: request log and metrics, the timeout, health and the
   * page's assets (GET only, no token: the page is public, the API it calls is not), the token, the
   * content type, the body limit, then the route groups.
   */
  Router router() {
    long bodyLimit = listener.bodyLimit();
    long timeout = listener.requestTimeout().toMillis();
    FailureHandler failures = new FailureHandler(() -> bodyLimit, () -> timeout);
    Router router = Router.router(vertx);
    router
        .route()
        .handler(
            new RequestStart(
                List.of(httpMetrics, new RequestLog(), new RequestDeadlines(timeout))));
    health.mount(router);
    page.mount(router);
    router.route().handler(auth);
    // Not method-restricted routes: those would turn every unknown path into a 405.
    router.route().handler(new JsonContentType());
    router.route().handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
    groups.forEach(group -> group.mount(router));
    router.route().failureHandler(failures);
    router.errorHandler(
        404,
        ctx ->
            Responses.error(
                ctx,
                ErrorCode.NOT_FOUND,
                "no route for " + ctx.request().method() + " " + ctx.request().path(),
                null));
    router.errorHandler(
        405,
        ctx ->
            Responses.error(
                ctx,
                ErrorCode.METHOD_NOT_ALLOWED,
                ctx.request().method() + " is not allowed on " + ctx.request().path(),
                null));
    router.errorHandler(413, failures::bodyTooLarge);
    return router;
  }
}
