package dev.triage.adapter;

import java.util.Optional;

/**
 * What an {@link AdapterFactory} gets to make an adapter: the network, its settings, and shared
 * resources of the host (the sidecar offers its Vert.x instance and its Micrometer registry), so
 * the SPI itself depends on neither.
 */
public interface AdapterContext {
  /** The network's name, for logs and metrics. */
  String network();

  /** What the factory's {@link AdapterFactory#configure} made of the adapter's settings. */
  Object settings();

  /** The settings, as the type the factory made them. */
  default <T> T settings(Class<T> type) {
    return type.cast(settings());
  }

  /** A shared resource of the host, if it offers one of this type. */
  <T> Optional<T> resource(Class<T> type);

  /** A context with settings and no shared resources, for library users and tests. */
  static AdapterContext of(String network, Object settings) {
    return new AdapterContext() {
      @Override
      public String network() {
        return network;
      }

      @Override
      public Object settings() {
        return settings;
      }

      @Override
      public <T> Optional<T> resource(Class<T> type) {
        return Optional.empty();
      }
    };
  }
}
