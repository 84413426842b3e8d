package dev.triage.sidecar.appservice;

import dev.triage.config.MatrixConfig;
import dev.triage.json.InvalidInputException;
import dev.triage.matrix.MatrixMediator;
import dev.triage.rule.Mediator;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Where the homeserver's appservice requests for the proxied bridges arrive: a listener of its own
 * ({@code matrix.host}, {@code matrix.port}), apart from Triage's API and its token. Which bridge a
 * request is for is told by its {@code hs_token} (each bridge has its own): {@code Authorization:
 * Bearer}, or {@code ?access_token=} from older homeservers, on the current paths and the legacy
 * ones without {@code /_matrix/app/v1}. Transactions are mediated ({@link TransactionHandler}); the
 * other appservice routes ({@code users}, {@code rooms}, {@code ping}, {@code thirdparty}) pass to
 * the bridge as they are.
 */
public final class AppserviceProxy implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("dev.triage.sidecar.appservice");

  /** The largest transaction read: Synapse sends at most 100 events and 100 ephemeral ones. */
  static final long MAX_TRANSACTION = 32L * 1024 * 1024;

  private final Vertx vertx;
  private final MatrixConfig config;
  private final HttpCalls http;
  private final Map<String, TransactionHandler> handlers = new LinkedHashMap<>();
  private final WorkerExecutor worker;
  private HttpServer server;

  /** A proxy for every bridge of {@code config}, deciding with {@code mediator}. */
  public AppserviceProxy(
      Vertx vertx, MatrixConfig config, Mediator mediator, MeterRegistry registry) {
    this(vertx, config, mediator, registry, TransactionClaims.local());
  }

  /**
   * A proxy whose transactions are claimed through {@code claims}, when several instances share the
   * homeserver's transactions.
   */
  public AppserviceProxy(
      Vertx vertx,
      MatrixConfig config,
      Mediator mediator,
      MeterRegistry registry,
      TransactionClaims claims) {
    this.vertx = vertx;
    this.config = config;
    this.http = new HttpCalls(vertx);
    this.worker =
        vertx.createSharedWorkerExecutor("triage-appservice", config.bridges().size() + 1);
    MatrixMediator matrix = MatrixMediator.create(mediator);
    config
        .bridges()
        .forEach(
            (name, bridge) -> {
              HomeserverClient homeserver =
                  new HomeserverClient(
                      vertx,
                      http,
                      config.homeserver(),
                      bridge.registration().asToken(),
                      config.domain());
              handlers.put(
                  name,
                  new TransactionHandler(
                      worker,
                      config,
                      bridge,
                      http,
                      homeserver,
                      new RoomCapabilities(bridge, config.domain(), homeserver),
                      new StreamMemory(100_000),
                      matrix,
                      new ProxyMetrics(registry, name),
                      claims));
            });
  }

  /**
   * Listens for the homeserver.
   *
   * @return the port
   */
  public int start() throws Exception {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_TRANSACTION));
    router.put("/_matrix/app/v1/transactions/:txnId").handler(this::transaction);
    router.put("/transactions/:txnId").handler(this::transaction);
    // Everything else the homeserver asks an appservice goes to the bridge as it is.
    router.route("/_matrix/app/*").handler(this::pass);
    router.route("/users/*").handler(this::pass);
    router.route("/rooms/*").handler(this::pass);
    router.route("/thirdparty/*").handler(this::pass);
    router.route().failureHandler(this::failure);
    router.errorHandler(
        404, ctx -> matrixError(ctx, 404, "M_UNRECOGNIZED", "no such appservice route"));
    server =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setHost(config.host())
                    .setPort(config.port())
                    .setIdleTimeout(120)
                    .setHttp2ClearTextEnabled(false))
            .requestHandler(router)
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    LOG.info(
        "appservice proxy listening on http://"
            + config.host()
            + ":"
            + server.actualPort()
            + " for "
            + String.join(", ", handlers.keySet()));
    return server.actualPort();
  }

  /**
   * Bridges that cannot take transactions now, and why (their last transaction was not accepted).
   */
  public Map<String, String> problems() {
    Map<String, String> problems = new LinkedHashMap<>();
    handlers.forEach(
        (name, handler) -> {
          String problem = handler.bridgeProblem();
          if (problem != null) {
            problems.put("matrix." + name, problem);
          }
        });
    return problems;
  }

  private Optional<MatrixConfig.Bridge> bridgeOf(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String token =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : ctx.request().getParam("access_token");
    if (token == null) {
      matrixError(ctx, 401, "M_UNAUTHORIZED", "no hs_token: Authorization: Bearer <hs_token>");
      return Optional.empty();
    }
    Optional<MatrixConfig.Bridge> bridge = config.bridgeByHsToken(token);
    if (bridge.isEmpty()) {
      matrixError(ctx, 403, "M_FORBIDDEN", "the hs_token is no proxied bridge's");
    }
    return bridge;
  }

  private void transaction(RoutingContext ctx) {
    Optional<MatrixConfig.Bridge> bridge = bridgeOf(ctx);
    if (bridge.isEmpty()) {
      return;
    }
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    Future<Void> handled;
    try {
      handled = handlers.get(bridge.get().name()).handle(ctx.pathParam("txnId"), body);
    } catch (InvalidInputException e) {
      matrixError(ctx, 400, "M_NOT_JSON", "not a transaction: " + e.getMessage());
      return;
    }
    handled.onComplete(
        done -> {
          if (done.succeeded()) {
            ctx.response().putHeader("Content-Type", "application/json").end("{}");
          } else if (done.cause() instanceof BridgeUnavailableException) {
            matrixError(ctx, 502, "M_UNKNOWN", done.cause().getMessage());
          } else {
            LOG.log(java.util.logging.Level.SEVERE, "a transaction failed", done.cause());
            matrixError(ctx, 500, "M_UNKNOWN", "Triage failed on this transaction; it is logged");
          }
        });
  }

  private void pass(RoutingContext ctx) {
    Optional<MatrixConfig.Bridge> bridge = bridgeOf(ctx);
    if (bridge.isEmpty()) {
      return;
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    ctx.request()
        .headers()
        .forEach(
            (name, value) -> {
              if (!List.of(
                      "host", "content-length", "connection", "transfer-encoding", "keep-alive")
                  .contains(name.toLowerCase(java.util.Locale.ROOT))) {
                headers.add(name, value);
              }
            });
    http.call(
            ctx.request().method(),
            bridge.get().url(),
            ctx.request().uri(),
            headers,
            ctx.body().buffer(),
            Duration.ofSeconds(30))
        .onComplete(
            answer -> {
              if (answer.failed()) {
                matrixError(
                    ctx,
                    502,
                    "M_UNKNOWN",
                    "bridge "
                        + bridge.get().name()
                        + " did not answer: "
                        + answer.cause().getMessage());
                return;
              }
              String type = answer.result().headers().get("Content-Type");
              ctx.response().setStatusCode(answer.result().status());
              if (type != null) {
                ctx.response().putHeader("Content-Type", type);
              }
              ctx.response().end(answer.result().body());
            });
  }

  private void failure(RoutingContext ctx) {
    if (ctx.statusCode() == 413) {
      matrixError(
          ctx, 413, "M_TOO_LARGE", "a transaction larger than " + MAX_TRANSACTION + " bytes");
    } else {
      LOG.log(java.util.logging.Level.SEVERE, "appservice request failed", ctx.failure());
      matrixError(ctx, 500, "M_UNKNOWN", "Triage failed on this request; it is logged");
    }
  }

  private static void matrixError(RoutingContext ctx, int status, String errcode, String error) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("errcode", errcode).put("error", error).encode());
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    http.close();
    worker.close();
  }
}
