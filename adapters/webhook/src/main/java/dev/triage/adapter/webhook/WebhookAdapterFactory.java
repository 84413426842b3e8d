package dev.triage.adapter.webhook;

import dev.triage.adapter.AdapterContext;
import dev.triage.adapter.AdapterFactory;
import dev.triage.adapter.AdapterSettings;
import dev.triage.adapter.NetworkAdapter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Makes {@code type: webhook} adapters. Settings: {@code url} (required), {@code secret}, {@code
 * timeout} (5 s per attempt), {@code retries} (5), {@code backoff} (200 ms, doubled per retry, with
 * jitter), {@code breakerFailures} (5 failures in a row open the circuit), {@code breakerReset} (30
 * s until it half-opens), {@code concurrency} (16 requests in flight).
 */
public final class WebhookAdapterFactory implements AdapterFactory {
  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public WebhookAdapter.Settings configure(AdapterSettings s) {
    s.onlyKeys(
        "url",
        "secret",
        "timeout",
        "retries",
        "backoff",
        "breakerFailures",
        "breakerReset",
        "concurrency");
    return new WebhookAdapter.Settings(
        s.url("url", true),
        s.text("secret", false),
        s.duration("timeout", Duration.ofSeconds(5)),
        s.integer("retries", 0, 100, 5),
        s.duration("backoff", Duration.ofMillis(200)),
        s.integer("breakerFailures", 1, 1000, 5),
        s.duration("breakerReset", Duration.ofSeconds(30)),
        s.integer("concurrency", 1, 1024, 16));
  }

  @Override
  public NetworkAdapter create(AdapterContext context) {
    return new WebhookAdapter(
        context.network(),
        context.settings(WebhookAdapter.Settings.class),
        context.resource(Vertx.class).orElse(null),
        context.resource(MeterRegistry.class).orElse(null));
  }
}
