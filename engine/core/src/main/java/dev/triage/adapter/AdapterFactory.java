package dev.triage.adapter;

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
   * @throws IllegalArgumentException when the settings do not make a working adapter, saying why
   */
  NetworkAdapter create(AdapterContext context);
}
