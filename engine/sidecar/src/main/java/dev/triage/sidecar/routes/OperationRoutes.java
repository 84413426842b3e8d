package dev.triage.sidecar.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.config.ReloadableConfig;
import dev.triage.sidecar.http.ErrorCode;
import dev.triage.sidecar.http.Responses;
import dev.triage.sidecar.http.RouteGroup;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

/** {@code GET /metrics}, {@code GET /v1/openapi.json} and {@code POST /v1/config/reload}. */
public final class OperationRoutes implements RouteGroup {
  /** Where the OpenAPI document is, on the classpath. */
  private static final String OPENAPI = "/dev/triage/sidecar/openapi.json";

  private final PrometheusMeterRegistry registry;
  private final Supplier<ReloadableConfig.Reload> reload;
  private final boolean reloadable;

  /**
   * @param registry the metrics to serve
   * @param reload reloads the configuration file
   * @param reloadable whether there is a file to reload (false on the embedded defaults)
   */
  public OperationRoutes(
      PrometheusMeterRegistry registry,
      Supplier<ReloadableConfig.Reload> reload,
      boolean reloadable) {
    this.registry = registry;
    this.reload = reload;
    this.reloadable = reloadable;
  }

  @Override
  public void mount(Router router) {
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    router.get("/v1/openapi.json").handler(this::openapi);
    router.post("/v1/config/reload").handler(this::reload);
  }

  private void openapi(RoutingContext ctx) {
    try (InputStream in = OperationRoutes.class.getResourceAsStream(OPENAPI)) {
      ctx.response()
          .putHeader("Content-Type", "application/json")
          .end(new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      ctx.fail(e);
    }
  }

  private void reload(RoutingContext ctx) {
    // Reading and validating a file blocks: not on the event loop.
    ctx.vertx()
        .executeBlocking(reload::get, false)
        .onComplete(
            done -> {
              if (done.failed()) {
                Responses.fail(ctx, done.cause());
                return;
              }
              ReloadableConfig.Reload result = done.result();
              if (result.applied()) {
                Responses.json(ctx, 200, Responses.object().put("applied", true));
                return;
              }
              ArrayNode problems = JsonNodeFactory.instance.arrayNode();
              result.problems().forEach(problems::add);
              ObjectNode details = Responses.object();
              details.set("problems", problems);
              Responses.error(
                  ctx,
                  reloadable ? 422 : 409,
                  ErrorCode.CONFIG_NOT_APPLIED.code(),
                  "the configuration was not reloaded; the running one is kept: "
                      + String.join("; ", result.problems()),
                  details);
            });
  }
}
