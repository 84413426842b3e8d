package dev.triage.adapter;

import java.util.Map;

/**
 * Makes network adapters of one {@link #type()}. Factories are found with {@link
 * java.util.ServiceLoader}, so a third party ships an adapter as a jar with a {@code
 * META-INF/services/dev.triage.adapter.AdapterFactory} entry.
 */
public interface AdapterFactory {
  /** The {@code type} configurations name it by: {@code loopback}, {@code webhook}, … */
  String type();

  /**
   * An adapter for one network.
   *
   * @param network the network's name, for logs and metrics
   * @param settings the adapter's configuration (its other keys, already validated)
   */
  NetworkAdapter create(String network, Map<String, Object> settings);
}
