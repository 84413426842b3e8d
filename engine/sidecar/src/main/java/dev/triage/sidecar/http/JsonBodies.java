package dev.triage.sidecar.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Reading a request's JSON body strictly: UTF-8 only, known fields only, errors with paths. */
public final class JsonBodies {
  private JsonBodies() {}

  /** The body as JSON; an empty or malformed one is a 400 {@code invalid_json}. */
  public static JsonNode required(RoutingContext ctx) {
    JsonNode body = optional(ctx);
    if (body == null) {
      throw new ApiException(
          ErrorCode.INVALID_JSON, "the request body is empty; a JSON object is expected", null);
    }
    return body;
  }

  /** The body as JSON, or {@code null} when there is none. */
  public static JsonNode optional(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() <= 0) {
      return null;
    }
    try {
      // From the bytes: decoding to a String first would turn invalid UTF-8 into U+FFFD.
      return TriageJson.parse(ctx.body().buffer().getBytes());
    } catch (InvalidInputException e) {
      throw new ApiException(ErrorCode.INVALID_JSON, e.getMessage(), null);
    }
  }

  /** The body, which must be a JSON object. */
  public static ObjectNode requiredObject(RoutingContext ctx) {
    JsonNode body = required(ctx);
    if (!body.isObject()) {
      throw new ApiException(ErrorCode.INVALID_REQUEST, "the body must be a JSON object", null);
    }
    return (ObjectNode) body;
  }

  /** Refuses a request object with a field not among {@code fields}, naming it. */
  public static void onlyKnown(ObjectNode request, String... fields) {
    List<String> allowed = List.of(fields);
    request
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                throw ApiException.field(
                    ErrorCode.INVALID_REQUEST,
                    name,
                    name + ": unknown field (known: " + String.join(", ", allowed) + ")");
              }
            });
  }

  /**
   * A library error about a part of the request at {@code prefix} as a 400 {@code invalid_field}
   * naming the whole path.
   */
  public static ApiException invalid(InvalidInputException e, String prefix) {
    String path =
        prefix.isEmpty()
            ? e.path()
            : e.path().isEmpty()
                ? prefix
                : e.path().startsWith("[") ? prefix + e.path() : prefix + "." + e.path();
    String message = path.isEmpty() ? e.problem() : path + ": " + e.problem();
    return ApiException.field(ErrorCode.INVALID_FIELD, path, message);
  }
}
