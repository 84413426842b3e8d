package dev.triage.sidecar.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * A request with a body must say {@code Content-Type: application/json}, with parameters if it
 * likes ({@code charset}, if given, must be {@code utf-8}); anything else — {@code
 * application/jsonx}, {@code application/json-patch+json}, a list of types, multipart — is a 415
 * before the body is read. Runs before the body handler, so a multipart body is never parsed.
 */
public final class JsonContentType implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!hasBody(request)) {
      ctx.next();
      return;
    }
    String type = request.getHeader("Content-Type");
    String problem = problem(type);
    if (problem != null) {
      Responses.error(
          ctx,
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "the body must be JSON (Content-Type: application/json): " + problem,
          null);
      return;
    }
    ctx.next();
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length != null) {
      return !length.trim().equals("0");
    }
    return request.getHeader("Transfer-Encoding") != null;
  }

  /** What is wrong with a Content-Type for a JSON body, or {@code null} when it is right. */
  static String problem(String type) {
    if ("application/json".equals(type)) {
      return null; // what nearly every client sends: nothing to take apart
    }
    if (type == null || type.isBlank()) {
      return "there is no Content-Type";
    }
    String[] parts = type.split(";", -1);
    String media = parts[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json")) {
      return "got " + type;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      int eq = parameter.indexOf('=');
      if (eq <= 0) {
        return "a malformed parameter in " + type;
      }
      String name = parameter.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = parameter.substring(eq + 1).trim();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      if (name.equals("charset") && !value.equalsIgnoreCase("utf-8")) {
        return "the charset must be utf-8, got " + value;
      }
      if (value.indexOf(',') >= 0) {
        return "one media type is expected, got " + type;
      }
    }
    return null;
  }
}
