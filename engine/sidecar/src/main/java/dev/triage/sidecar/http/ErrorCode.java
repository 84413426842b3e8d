package dev.triage.sidecar.http;

/**
 * Every error code the sidecar answers with, its HTTP status and what it means: the one catalog.
 * {@code docs/errors.md} lists the same codes (a test keeps the two equal). The Desktop-API facade
 * also answers a reject with the rejecting note's code (from {@code docs/notes.md}) and status 422.
 */
public enum ErrorCode {
  INVALID_JSON(
      "invalid_json",
      400,
      "the body is not JSON: empty, cut short, not UTF-8, or with a lone surrogate; the message gives the position"),
  INVALID_REQUEST(
      "invalid_request",
      400,
      "the JSON is well formed but the request is not: an unknown field, or sources or actions missing or given twice"),
  INVALID_FIELD(
      "invalid_field",
      400,
      "a field has the wrong type or value; details.field is its path, e.g. actions[3].attachment.size"),
  INVALID_PARAMETER(
      "invalid_parameter",
      400,
      "a query parameter has a value the route does not take; details.field names it"),
  UNKNOWN_PROFILE(
      "unknown_profile", 400, "no shipped profile has that name (GET /v1/profiles lists them)"),
  UNKNOWN_NETWORK("unknown_network", 400, "no configured network has that name"),
  UNSUPPORTED(
      "unsupported", 400, "the facade does not serve this part of the Desktop API (file uploads)"),
  UNAUTHORIZED(
      "unauthorized",
      401,
      "the route needs Authorization: Bearer <server.token>, and it is missing or wrong"),
  NOT_FOUND("not_found", 404, "no such route, chat capabilities, profile, message or page asset"),
  UNKNOWN_CHAT("unknown_chat", 404, "the chat is not in the store and there is no default network"),
  METHOD_NOT_ALLOWED("method_not_allowed", 405, "the route exists, but not for this method"),
  CONFIG_NOT_APPLIED(
      "config_not_applied",
      422,
      "a reload was refused and the running configuration kept: 422 when the file is invalid (details.problems), 409 when running on the embedded defaults"),
  BODY_TOO_LARGE("body_too_large", 413, "the body is larger than server.bodyLimit"),
  INPUT_TOO_COMPLEX(
      "input_too_complex",
      413,
      "HTML or Markdown with more elements or deeper nesting than Triage reads; the message names the limit"),
  UNSUPPORTED_MEDIA_TYPE(
      "unsupported_media_type",
      415,
      "the body is not application/json (parameters allowed; charset, if given, utf-8)"),
  REJECTED(
      "rejected",
      422,
      "(facade) the action was rejected; the facade answers with the rejecting note's code where there is one"),
  ID_REUSED(
      "id_reused",
      422,
      "an action id already used in this chat for a different action; use a new id"),
  EVENT_UNREADABLE(
      "event_unreadable",
      422,
      "a Matrix event Triage cannot read (encrypted, a type or msgtype it does not know, a file without a MIME type): pass it on untouched; the message says why"),
  STORE_FULL(
      "store_full",
      507,
      "server.maxChats chats already have capabilities of their own; delete some or raise the limit"),
  INTERNAL_ERROR("internal_error", 500, "Triage failed on the request; the log has the cause"),
  DELIVERY_FAILED(
      "delivery_failed",
      502,
      "(facade) the network refused the action: 502 when for good, 503 when worth retrying"),
  ADAPTER_UNAVAILABLE(
      "adapter_unavailable",
      503,
      "the chat's network has no working adapter, so nothing can be delivered to it"),
  OVERLOADED(
      "overloaded",
      503,
      "too much HTML or Markdown work is already queued; retry after the Retry-After seconds"),
  TIMEOUT("timeout", 503, "the request took longer than server.requestTimeout"),
  STORAGE_UNAVAILABLE(
      "storage_unavailable",
      503,
      "the shared database (storage.postgres) could not be reached; nothing changed, retry"),
  BAD_REQUEST(
      "bad_request",
      400,
      "a request the HTTP layer refused before Triage read it (the status says which)");

  private final String code;
  private final int status;
  private final String meaning;

  ErrorCode(String code, int status, String meaning) {
    this.code = code;
    this.status = status;
    this.meaning = meaning;
  }

  /** The stable code in the body's {@code code} field. */
  public String code() {
    return code;
  }

  /** The HTTP status it usually comes with (the meaning says where another is used). */
  public int status() {
    return status;
  }

  /** What it means, for the documentation. */
  public String meaning() {
    return meaning;
  }
}
