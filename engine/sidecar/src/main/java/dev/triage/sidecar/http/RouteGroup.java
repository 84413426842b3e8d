package dev.triage.sidecar.http;

import io.vertx.ext.web.Router;

/**
 * A group of routes that belong together (mediation, capabilities, delivery, operations, the
 * facade). A group depends on the gateway and on this package, never on another group, so each can
 * be read — and changed — alone.
 */
public interface RouteGroup {
  /** Adds the group's routes to {@code router}. */
  void mount(Router router);
}
