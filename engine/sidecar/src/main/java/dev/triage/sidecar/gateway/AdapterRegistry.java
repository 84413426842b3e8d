package dev.triage.sidecar.gateway;

import dev.triage.adapter.AdapterContext;
import dev.triage.adapter.AdapterFactory;
import dev.triage.adapter.AdapterHealth;
import dev.triage.adapter.NetworkAdapter;
import dev.triage.config.AdapterConfig;
import dev.triage.config.AdapterFactories;
import dev.triage.config.TriageConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One network adapter per configured network, made by the factory its {@code type} names (found
 * with {@link java.util.ServiceLoader}; the configuration loader has already had it read its
 * settings). A reload keeps the adapters whose settings did not change and closes the others. A
 * network whose adapter cannot be made still mediates; it cannot deliver, and says why.
 */
public final class AdapterRegistry implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("dev.triage.sidecar");

  /** A network's adapter, or why it has none. */
  public record Entry(AdapterConfig config, NetworkAdapter adapter, String unavailable) {}

  private final Vertx vertx;
  private final MeterRegistry registry;
  private final Map<String, Entry> adapters = new ConcurrentHashMap<>();

  /** A registry whose adapters share the host's Vert.x instance and metrics registry. */
  public AdapterRegistry(Vertx vertx, MeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  /** Makes an adapter per network of {@code config}; keeps those whose settings did not change. */
  public void update(TriageConfig config) {
    for (String gone : new ArrayList<>(adapters.keySet())) {
      if (!config.networks().containsKey(gone)) {
        close(adapters.remove(gone));
      }
    }
    config
        .networks()
        .forEach(
            (name, network) ->
                adapters.compute(
                    name,
                    (key, existing) -> {
                      if (existing != null && existing.config().equals(network.adapter())) {
                        return existing;
                      }
                      close(existing);
                      return make(name, network.adapter());
                    }));
  }

  /** The network's adapter entry, if the network is configured. */
  public Optional<Entry> get(String network) {
    return network == null ? Optional.empty() : Optional.ofNullable(adapters.get(network));
  }

  /** The network's working adapter of the given class, if it has one. */
  public <T> Optional<T> adapter(String network, Class<T> type) {
    return get(network).map(Entry::adapter).filter(type::isInstance).map(type::cast);
  }

  /**
   * Networks that cannot deliver now and why: no adapter could be made, or the adapter reports a
   * problem (an open circuit breaker).
   */
  public Map<String, String> problems() {
    Map<String, String> problems = new LinkedHashMap<>();
    new java.util.TreeMap<>(adapters)
        .forEach(
            (network, entry) -> {
              if (entry.adapter() == null) {
                problems.put(network, entry.unavailable());
              } else if (entry.adapter() instanceof AdapterHealth) {
                ((AdapterHealth) entry.adapter())
                    .problem()
                    .ifPresent(problem -> problems.put(network, problem));
              }
            });
    return problems;
  }

  @Override
  public void close() {
    adapters.values().forEach(AdapterRegistry::close);
    adapters.clear();
  }

  private Entry make(String network, AdapterConfig config) {
    AdapterFactory factory = AdapterFactories.get(config.type()).orElse(null);
    if (factory == null) {
      String why = "the " + config.type() + " adapter is not in this build";
      LOG.warning(
          "network " + network + ": " + why + "; its actions are mediated but not delivered");
      return new Entry(config, null, why);
    }
    try {
      return new Entry(config, factory.create(new HostContext(network, config.settings())), null);
    } catch (IllegalArgumentException e) {
      LOG.warning("network " + network + ": " + e.getMessage());
      return new Entry(config, null, e.getMessage());
    }
  }

  private static void close(Entry entry) {
    if (entry != null && entry.adapter() != null) {
      try {
        entry.adapter().close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "an adapter did not close cleanly", e);
      }
    }
  }

  /** The sidecar's shared resources for adapters: its Vert.x and its metrics registry. */
  private final class HostContext implements AdapterContext {
    private final String network;
    private final Object settings;

    HostContext(String network, Object settings) {
      this.network = network;
      this.settings = settings;
    }

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
      if (type.isInstance(vertx)) {
        return Optional.of(type.cast(vertx));
      }
      if (type.isInstance(registry)) {
        return Optional.of(type.cast(registry));
      }
      return Optional.empty();
    }
  }
}
