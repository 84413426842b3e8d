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

  /** A problem at a path. */
  public InvalidInputException(String path, String problem) {
    super(path.isEmpty() ? problem : path + ": " + problem);
    this.path = path;
    this.problem = problem;
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
