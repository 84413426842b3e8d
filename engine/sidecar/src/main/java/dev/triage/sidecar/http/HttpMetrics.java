package dev.triage.sidecar.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests in flight ({@code triage_http_requests_active}) and answered, by status class ({@code
 * triage_http_requests_total{status="2xx"}}). A request counts as finished when its answer is sent
 * or its connection closes first (a client that gives up mid-body), exactly once either way, so the
 * gauge comes back to zero. Cheaper than a timer per request and route, which cost more than a
 * decision.
 */
public final class HttpMetrics implements RequestHook {
  private final AtomicInteger active = new AtomicInteger();
  private final Counter[] byClass = new Counter[6];

  /** Registers the meters. */
  public HttpMetrics(MeterRegistry registry) {
    Gauge.builder("triage.http.requests.active", active, AtomicInteger::get)
        .description("HTTP requests received and not yet answered or abandoned")
        .register(registry);
    for (int c = 1; c <= 5; c++) {
      byClass[c] =
          Counter.builder("triage.http.requests")
              .description("HTTP requests by status class; \"aborted\" when the client left first")
              .tag("status", c + "xx")
              .register(registry);
    }
    byClass[0] =
        Counter.builder("triage.http.requests")
            .description("HTTP requests by status class; \"aborted\" when the client left first")
            .tag("status", "aborted")
            .register(registry);
  }

  /** Requests in flight now. */
  public int active() {
    return active.get();
  }

  @Override
  public void watch(RoutingContext ctx) {
    active.incrementAndGet();
    // Called once: when the answer is sent, or when the connection closes or fails first.
    ctx.addEndHandler(
        done -> {
          active.decrementAndGet();
          int status = done.succeeded() ? ctx.response().getStatusCode() / 100 : 0;
          byClass[status >= 1 && status <= 5 ? status : 0].increment();
        });
  }
}
