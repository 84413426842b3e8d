package dev.triage.adapter.desktop;

import dev.triage.adapter.AdapterContext;
import dev.triage.adapter.AdapterFactory;
import dev.triage.adapter.AdapterSettings;
import dev.triage.adapter.NetworkAdapter;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Makes {@code type: beeper-desktop} adapters. Settings: {@code url} and {@code token} (required),
 * {@code timeout} (10 s), {@code cacheTtl} (5 min), {@code retries} after a 429 (3).
 */
public final class BeeperDesktopAdapterFactory implements AdapterFactory {
  @Override
  public String type() {
    return "beeper-desktop";
  }

  @Override
  public BeeperDesktopAdapter.Settings configure(AdapterSettings s) {
    s.onlyKeys("url", "token", "timeout", "cacheTtl", "retries");
    String token = s.text("token", false);
    if (token == null) {
      s.problem("token", "is required (the Desktop API's access token)");
    }
    return new BeeperDesktopAdapter.Settings(
        s.url("url", true),
        token,
        s.duration("timeout", Duration.ofSeconds(10)),
        s.duration("cacheTtl", Duration.ofMinutes(5)),
        s.integer("retries", 0, 100, 3));
  }

  @Override
  public NetworkAdapter create(AdapterContext context) {
    return new BeeperDesktopAdapter(
        context.settings(BeeperDesktopAdapter.Settings.class),
        context.resource(Vertx.class).orElse(null));
  }
}
