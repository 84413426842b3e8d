package dev.triage.sidecar.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** The first handler of every request: runs its {@link RequestHook}s in order, then the routes. */
public final class RequestStart implements Handler<RoutingContext> {
  private final RequestHook[] hooks;

  /** Runs {@code hooks} in this order on every request. */
  public RequestStart(List<RequestHook> hooks) {
    this.hooks = hooks.toArray(new RequestHook[0]);
  }

  @Override
  public void handle(RoutingContext ctx) {
    for (RequestHook hook : hooks) {
      hook.watch(ctx);
    }
    ctx.next();
  }
}
