package dev.triage.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How a network's actions are delivered. Which fields apply depends on {@link #type()}; the others
 * are {@code null}.
 *
 * @param type {@code loopback}, {@code webhook} or {@code beeper-desktop}
 * @param url where the webhook or the Desktop API is (webhook, beeper-desktop)
 * @param secret the HMAC key the webhook signs with (webhook), or {@code null}
 * @param token the Desktop API's bearer token (beeper-desktop)
 * @param timeout how long one delivery may take
 * @param retries how often a failed delivery is tried again (webhook)
 * @param cacheTtl how long capabilities read from the network are kept (beeper-desktop)
 */
public record AdapterConfig(
    String type,
    URI url,
    String secret,
    String token,
    Duration timeout,
    Integer retries,
    Duration cacheTtl) {

  public AdapterConfig {
    Objects.requireNonNull(type, "type");
  }

  /** The embedded default: deliver to Triage's in-memory loopback. */
  public static AdapterConfig loopback() {
    return new AdapterConfig("loopback", null, null, null, null, null, null);
  }

  /** Secrets are never shown. */
  @Override
  public String toString() {
    return "AdapterConfig[type="
        + type
        + (url == null ? "" : ", url=" + url)
        + (secret == null ? "" : ", secret=***")
        + (token == null ? "" : ", token=***")
        + (timeout == null ? "" : ", timeout=" + timeout)
        + (retries == null ? "" : ", retries=" + retries)
        + (cacheTtl == null ? "" : ", cacheTtl=" + cacheTtl)
        + "]";
  }
}
