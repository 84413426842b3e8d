package dev.triage.sidecar.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request Triage refuses: an HTTP status and the {@code {code, message, details}} body. Thrown
 * from a handler (or passed to {@code ctx.fail}), it is answered by {@link FailureHandler}.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient JsonNode details;

  /** An error with its catalog code and the code's usual status. */
  public ApiException(ErrorCode code, String message, JsonNode details) {
    this(code.status(), code.code(), message, details);
  }

  /** An error with a status of its own: a catalog code whose meaning allows it, or a note code. */
  public ApiException(int status, String code, String message, JsonNode details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** An error naming the field (a JSON path) that caused it. */
  public static ApiException field(ErrorCode code, String path, String message) {
    return new ApiException(code, message, Responses.field(path));
  }

  /** A 404 {@code not_found}. */
  public static ApiException notFound(String message) {
    return new ApiException(ErrorCode.NOT_FOUND, message, null);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The body's {@code code}. */
  public String code() {
    return code;
  }

  /** The body's {@code details}, or {@code null}. */
  public JsonNode details() {
    return details;
  }
}
