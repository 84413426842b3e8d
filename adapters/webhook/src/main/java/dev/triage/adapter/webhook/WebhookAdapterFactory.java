package dev.triage.adapter.webhook;

import dev.triage.adapter.AdapterContext;
import dev.triage.adapter.AdapterFactory;
import dev.triage.adapter.NetworkAdapter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Makes {@code type: webhook} adapters. Settings: {@code url} (required), {@code secret}, {@code
 * timeout} (5 s), {@code retries} (5); and, with these defaults, {@code backoff} (200 ms), {@code
 * breakerFailures} (5), {@code breakerReset} (30 s), {@code concurrency} (16).
 */
public final class WebhookAdapterFactory implements AdapterFactory {
  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public NetworkAdapter create(AdapterContext context) {
    Map<String, Object> s = context.settings();
    Object url = s.get("url");
    if (url == null) {
      throw new IllegalArgumentException("the webhook adapter needs a url");
    }
    WebhookAdapter.Settings settings =
        new WebhookAdapter.Settings(
            url instanceof URI ? (URI) url : URI.create(url.toString()),
            (String) s.get("secret"),
            duration(s, "timeout", Duration.ofSeconds(5)),
            integer(s, "retries", 5),
            duration(s, "backoff", Duration.ofMillis(200)),
            integer(s, "breakerFailures", 5),
            duration(s, "breakerReset", Duration.ofSeconds(30)),
            integer(s, "concurrency", 16));
    return new WebhookAdapter(
        context.network(),
        settings,
        context.resource(Vertx.class).orElse(null),
        context.resource(MeterRegistry.class).orElse(null));
  }

  private static Duration duration(Map<String, Object> settings, String key, Duration fallback) {
    Object value = settings.get(key);
    return value instanceof Duration ? (Duration) value : fallback;
  }

  private static int integer(Map<String, Object> settings, String key, int fallback) {
    Object value = settings.get(key);
    return value instanceof Number ? ((Number) value).intValue() : fallback;
  }
}
