package dev.triage.sidecar.http;

import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/** At {@code logging.level: debug}, one line per request: method, path, status, microseconds. */
public final class RequestLog implements RequestHook {
  private static final Logger LOG = Logger.getLogger("dev.triage.sidecar.requests");

  @Override
  public void watch(RoutingContext ctx) {
    if (LOG.isLoggable(Level.FINE)) {
      long start = System.nanoTime();
      ctx.addEndHandler(
          done ->
              LOG.fine(
                  ctx.request().method()
                      + " "
                      + ctx.request().path()
                      + " "
                      + (done.succeeded() ? ctx.response().getStatusCode() : "aborted")
                      + " "
                      + (System.nanoTime() - start) / 1000
                      + "us"));
    }
  }
}
