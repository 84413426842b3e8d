package dev.triage.sidecar;

import com.fasterxml.jackson.databind.JsonNode;

/** A request Triage refuses: an HTTP status and the {@code {code, message, details}} body. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;
  final transient JsonNode details;

  ApiException(int status, String code, String message, JsonNode details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  static ApiException badRequest(String code, String message, JsonNode details) {
    return new ApiException(400, code, message, details);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, null);
  }
}
