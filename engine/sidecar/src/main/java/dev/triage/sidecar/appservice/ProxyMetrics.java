package dev.triage.sidecar.appservice;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxy's metrics, per bridge: events by what happened to them ({@code
 * triage_appservice_events_total{bridge,outcome}}: forward, degrade, drop, reject, passthrough,
 * unreadable, encrypted, echo), transactions by result ({@code
 * triage_appservice_transactions_total{bridge,result}}: forwarded, replayed — the homeserver
 * retried —, bridge_failed), status events and notices sent or failed, and how long the bridge
 * takes to accept a transaction ({@code triage_appservice_bridge_seconds}).
 */
final class ProxyMetrics {
  private final MeterRegistry registry;
  private final String bridge;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Timer bridgeLatency;

  ProxyMetrics(MeterRegistry registry, String bridge) {
    this.registry = registry;
    this.bridge = bridge;
    this.bridgeLatency =
        Timer.builder("triage.appservice.bridge")
            .description("Time the bridge takes to accept a transaction")
            .tag("bridge", bridge)
            .publishPercentileHistogram()
            .register(registry);
  }

  void event(String outcome) {
    count("triage.appservice.events", "outcome", outcome, "Events by what the proxy did with them");
  }

  void transaction(String result) {
    count("triage.appservice.transactions", "result", result, "Transactions from the homeserver");
  }

  void told(String what) {
    count(
        "triage.appservice.told",
        "what",
        what,
        "Status events and notices sent into rooms, or that failed to send");
  }

  void bridgeNanos(long nanos) {
    bridgeLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private void count(String name, String tag, String value, String description) {
    counters
        .computeIfAbsent(
            name + '\u0000' + value,
            k ->
                Counter.builder(name)
                    .description(description)
                    .tag("bridge", bridge)
                    .tag(tag, value)
                    .register(registry))
        .increment();
  }
}
