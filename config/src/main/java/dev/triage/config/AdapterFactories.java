package dev.triage.config;

import dev.triage.adapter.AdapterFactory;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The adapter factories on the classpath, by {@code type}: those Triage ships and any a jar beside
 * it provides ({@code META-INF/services/dev.triage.adapter.AdapterFactory}).
 */
public final class AdapterFactories {
  private static final Map<String, AdapterFactory> FACTORIES = load();

  private AdapterFactories() {}

  private static Map<String, AdapterFactory> load() {
    Map<String, AdapterFactory> factories = new TreeMap<>();
    ServiceLoader.load(AdapterFactory.class).forEach(f -> factories.putIfAbsent(f.type(), f));
    return java.util.Collections.unmodifiableMap(factories);
  }

  /** The factory of a type, if one is on the classpath. */
  public static Optional<AdapterFactory> get(String type) {
    return Optional.ofNullable(FACTORIES.get(type));
  }

  /** Every type there is a factory for, sorted. */
  public static java.util.Set<String> types() {
    return FACTORIES.keySet();
  }
}
