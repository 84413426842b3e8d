package dev.triage.json;

/**
 * Input that cannot be read: malformed JSON, a wrong type, a missing or unknown field, a value out
 * of range. {@link #path()} names where, in the JSON, the problem is ({@code
 * file["m.image"].max_size}, {@code attachment.size}); it is empty for the document as a whole.
 */
public final class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String problem;
  private final boolean overLimit;

  /** A problem at a path. */
  public InvalidInputException(String path, String problem) {
    this(path, problem, false);
  }

  private InvalidInputException(String path, String problem, boolean overLimit) {
    super(path.isEmpty() ? problem : path + ": " + problem);
    this.path = path;
    this.problem = problem;
    this.overLimit = overLimit;
  }

  /**
   * Input that is well formed but larger or more complex than Triage reads (HTML with too many
   * elements or too deep a nesting): the problem names the limit. A server answers it as too large
   * rather than as malformed.
   */
  public static InvalidInputException overLimit(String path, String problem) {
    return new InvalidInputException(path, problem, true);
  }

  /** Whether the input is refused for its size or complexity, not its form. */
  public boolean isOverLimit() {
    return overLimit;
  }

  /** Where the problem is, or "" for the whole document. */
  public String path() {
    return path;
  }

  /** What is wrong, without the path. */
  public String problem() {
    return problem;
  }
}
