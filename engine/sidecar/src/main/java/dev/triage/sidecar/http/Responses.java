package dev.triage.sidecar.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.json.TriageJson;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionException;

/** Writing JSON answers and errors: the one place every route's body goes out through. */
public final class Responses {
  private Responses() {}

  /** Answers {@code status} with a JSON body, unless an answer already went out (a timeout). */
  public static void json(RoutingContext ctx, int status, JsonNode body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    json(ctx, status, TriageJson.toBytes(body));
  }

  /** Answers {@code status} with JSON already written, unless an answer already went out. */
  public static void json(RoutingContext ctx, int status, byte[] body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(body));
  }

  /** Answers an error body {@code {code, message, details?}}. */
  public static void error(
      RoutingContext ctx, int status, String code, String message, JsonNode details) {
    ObjectNode body = object().put("code", code).put("message", message);
    if (details != null) {
      body.set("details", details);
    }
    json(ctx, status, body);
  }

  /** Answers a catalog error with its usual status. */
  public static void error(RoutingContext ctx, ErrorCode code, String message, JsonNode details) {
    error(ctx, code.status(), code.code(), message, details);
  }

  /** Answers 200 with the body {@code future} brings, or fails the request with its failure. */
  public static void answer(RoutingContext ctx, Future<? extends JsonNode> future) {
    answerWritten(ctx, future.map(TriageJson::toBytes));
  }

  /**
   * Answers 200 with the JSON {@code future} brings already written (streamed, without a tree), or
   * fails the request with its failure.
   */
  public static void answerWritten(RoutingContext ctx, Future<byte[]> future) {
    future.onComplete(
        done -> {
          if (done.succeeded()) {
            json(ctx, 200, done.result());
          } else {
            fail(ctx, done.cause());
          }
        });
  }

  /** Fails a request with what went wrong, unwrapped from the future that carried it. */
  public static void fail(RoutingContext ctx, Throwable failure) {
    ctx.fail(
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure);
  }

  /** {@code {"field": path}}: the details of an error about one field. */
  public static ObjectNode field(String path) {
    return object().put("field", path);
  }

  /** A new, empty JSON object. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }
}
