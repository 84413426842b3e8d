package dev.triage.config;

import java.util.Map;
import java.util.Objects;

/**
 * How a network's actions are delivered: the adapter {@code type} and its settings, as configured
 * and as the adapter's own factory read them ({@link dev.triage.adapter.AdapterFactory#configure}).
 *
 * @param type the adapter's type: {@code loopback}, {@code webhook}, {@code beeper-desktop}, or one
 *     a jar on the classpath provides
 * @param raw the settings as configured (variables expanded), without {@code type}
 * @param settings what the factory made of them, handed to it again to create the adapter; {@code
 *     null} for the embedded loopback
 */
public record AdapterConfig(String type, Map<String, Object> raw, Object settings) {

  public AdapterConfig {
    Objects.requireNonNull(type, "type");
    raw = Map.copyOf(raw);
  }

  /** The embedded default: deliver to Triage's in-memory loopback. */
  public static AdapterConfig loopback() {
    return new AdapterConfig("loopback", Map.of(), null);
  }

  /** Only the keys: values may be secrets (a webhook secret, a Desktop token). */
  @Override
  public String toString() {
    return "AdapterConfig[type="
        + type
        + ", settings="
        + new java.util.TreeSet<>(raw.keySet())
        + "]";
  }
}
