package dev.triage.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The running configuration and the file it came from. A reload that fails validation keeps the
 * running configuration and says why. Thread-safe.
 */
public final class ReloadableConfig {
  /**
   * What a reload did.
   *
   * @param applied whether the new configuration is running
   * @param problems why not, each with its path; empty when applied
   */
  public record Reload(boolean applied, List<String> problems) {
    public Reload {
      problems = List.copyOf(problems);
    }
  }

  private final ConfigLoader loader;
  private final Path file;
  private final AtomicReference<TriageConfig> current;

  /**
   * Loads {@code file}; an invalid file is an error here, at start, where there is nothing to keep.
   */
  public ReloadableConfig(ConfigLoader loader, Path file) throws ConfigException {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.file = Objects.requireNonNull(file, "file");
    this.current = new AtomicReference<>(loader.load(file));
  }

  /** The running configuration. */
  public TriageConfig current() {
    return current.get();
  }

  /** The file reloads read. */
  public Path file() {
    return file;
  }

  /** Reads the file again; applies it only if it is valid. */
  public Reload reload() {
    return reload(candidate -> List.of());
  }

  /**
   * Reads the file again; applies it only if it is valid and {@code check} finds no problem with it
   * (the host's own rules, such as a token where the listener needs one).
   */
  public Reload reload(Function<TriageConfig, List<String>> check) {
    try {
      TriageConfig candidate = loader.load(file);
      List<String> problems = check.apply(candidate);
      if (!problems.isEmpty()) {
        return new Reload(false, problems);
      }
      current.set(candidate);
      return new Reload(true, List.of());
    } catch (ConfigException e) {
      return new Reload(false, e.problems());
    }
  }
}
