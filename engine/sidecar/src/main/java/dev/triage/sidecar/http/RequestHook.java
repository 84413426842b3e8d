package dev.triage.sidecar.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Something every request goes through that never answers it: counting, logging, its deadline.
 * Hooks run together in one {@link RequestStart} handler, since each route handler costs the router
 * a pass of its own.
 */
public interface RequestHook {
  /** Notes the request; must not answer it or call {@code ctx.next()}. */
  void watch(RoutingContext ctx);
}
