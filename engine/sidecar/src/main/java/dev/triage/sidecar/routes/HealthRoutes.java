package dev.triage.sidecar.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.sidecar.gateway.Gateway;
import dev.triage.sidecar.http.BearerAuth;
import dev.triage.sidecar.http.Responses;
import dev.triage.sidecar.http.RouteGroup;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /health/live} and {@code /health/ready}, which need no token: orchestrators probe them.
 * With a token set, readiness shows only up or down to a caller without the token: network names
 * and breaker states are for operators.
 */
public final class HealthRoutes implements RouteGroup {
  private final Gateway gateway;
  private final BearerAuth auth;
  private final BooleanSupplier ready;
  private final Supplier<Map<String, String>> elsewhere;

  /**
   * Health over the gateway's networks and {@code elsewhere}'s problems (name → why: proxied
   * bridges that cannot be reached); {@code ready} is false while shutting down.
   */
  public HealthRoutes(
      Gateway gateway,
      BearerAuth auth,
      BooleanSupplier ready,
      Supplier<Map<String, String>> elsewhere) {
    this.gateway = gateway;
    this.auth = auth;
    this.ready = ready;
    this.elsewhere = elsewhere;
  }

  @Override
  public void mount(Router router) {
    router.get("/health/live").handler(ctx -> Responses.json(ctx, 200, up()));
    router.get("/health/ready").handler(this::ready);
  }

  private static ObjectNode up() {
    return Responses.object().put("status", "UP");
  }

  private void ready(RoutingContext ctx) {
    if (!ready.getAsBoolean()) {
      Responses.json(
          ctx, 503, Responses.object().put("status", "DOWN").put("reason", "shutting down"));
      return;
    }
    ObjectNode body = up();
    if (auth.required() && !auth.authorized(ctx.request())) {
      Responses.json(ctx, 200, body);
      return;
    }
    body.put("networks", gateway.store().networks().size());
    // Mediation works for every network; these cannot deliver (POST /v1/actions answers 503).
    ArrayNode undeliverable = body.putArray("undeliverable");
    Map<String, String> problems = new java.util.LinkedHashMap<>(gateway.adapters().problems());
    problems.putAll(elsewhere.get());
    problems.forEach(
        (network, reason) ->
            undeliverable.addObject().put("network", network).put("reason", reason));
    Responses.json(ctx, 200, body);
  }
}
