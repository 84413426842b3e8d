package dev.triage.config;

import java.util.List;

/** A configuration that cannot be used, with every problem found, each naming its path. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super(source + " is not valid:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, as {@code path: what is wrong}. */
  public List<String> problems() {
    return problems;
  }
}
