package dev.triage.adapter;

import java.util.Map;
import java.util.Optional;

/**
 * What an {@link AdapterFactory} gets to make an adapter: the network, its settings, and shared
 * resources of the host (the sidecar offers its Vert.x instance and its Micrometer registry), so
 * the SPI itself depends on neither.
 */
public interface AdapterContext {
  /** The network's name, for logs and metrics. */
  String network();

  /** The adapter's configuration: its keys other than {@code type}, already validated. */
  Map<String, Object> settings();

  /** A shared resource of the host, if it offers one of this type. */
  <T> Optional<T> resource(Class<T> type);

  /** A context with settings and no shared resources, for library users and tests. */
  static AdapterContext of(String network, Map<String, Object> settings) {
    Map<String, Object> copy = Map.copyOf(settings);
    return new AdapterContext() {
      @Override
      public String network() {
        return network;
      }

      @Override
      public Map<String, Object> settings() {
        return copy;
      }

      @Override
      public <T> Optional<T> resource(Class<T> type) {
        return Optional.empty();
      }
    };
  }
}
