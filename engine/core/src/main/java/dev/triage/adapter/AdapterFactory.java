package dev.triage.adapter;

/**
 * Makes network adapters of one {@link #type()}. Factories are found with {@link
 * java.util.ServiceLoader}, so a third party ships an adapter as a jar with a {@code
 * META-INF/services/dev.triage.adapter.AdapterFactory} entry, put on the classpath beside Triage.
 *
 * <p>Each factory reads and checks its own settings ({@link #configure}), as the configuration is
 * loaded and before anything runs: the loader knows no adapter's keys, and every problem is
 * reported with its path in one go. {@link #create} then gets what {@code configure} returned.
 */
public interface AdapterFactory {
  /** The {@code type} configurations name it by: {@code loopback}, {@code webhook}, … */
  String type();

  /**
   * Reads this adapter's settings into the adapter's own settings type, reporting every problem to
   * {@code settings} (unknown keys too) rather than throwing.
   *
   * @return what {@link #create} will be given as {@link AdapterContext#settings()}; anything when
   *     there were problems (it is not used then)
   */
  Object configure(AdapterSettings settings);

  /**
   * An adapter for one network.
   *
   * @throws IllegalArgumentException when the settings do not make a working adapter, saying why
   */
  NetworkAdapter create(AdapterContext context);
}
