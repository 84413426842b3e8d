package dev.triage.adapter.desktop;

import dev.triage.adapter.AdapterContext;
import dev.triage.adapter.AdapterFactory;
import dev.triage.adapter.NetworkAdapter;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Makes {@code type: beeper-desktop} adapters. Settings: {@code url} and {@code token} (required),
 * {@code timeout} (10 s), {@code cacheTtl} (5 min), {@code retries} for 429s (3).
 */
public final class BeeperDesktopAdapterFactory implements AdapterFactory {
  @Override
  public String type() {
    return "beeper-desktop";
  }

  @Override
  public NetworkAdapter create(AdapterContext context) {
    Map<String, Object> s = context.settings();
    if (s.get("url") == null || s.get("token") == null) {
      throw new IllegalArgumentException("the beeper-desktop adapter needs a url and a token");
    }
    Object url = s.get("url");
    return new BeeperDesktopAdapter(
        new BeeperDesktopAdapter.Settings(
            url instanceof URI ? (URI) url : URI.create(url.toString()),
            s.get("token").toString(),
            s.get("timeout") instanceof Duration
                ? (Duration) s.get("timeout")
                : Duration.ofSeconds(10),
            s.get("cacheTtl") instanceof Duration
                ? (Duration) s.get("cacheTtl")
                : Duration.ofMinutes(5),
            s.get("retries") instanceof Number ? ((Number) s.get("retries")).intValue() : 3),
        context.resource(Vertx.class).orElse(null));
  }
}
