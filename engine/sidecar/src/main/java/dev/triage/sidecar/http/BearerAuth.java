package dev.triage.sidecar.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * {@code Authorization: Bearer <server.token>} on every route after it, when a token is set. The
 * token is read on each request, so a reload that changes it takes effect at once.
 */
public final class BearerAuth implements Handler<RoutingContext> {
  private final Supplier<String> token;

  /** Checks requests against the token {@code token} supplies ({@code null}: no token, open). */
  public BearerAuth(Supplier<String> token) {
    this.token = token;
  }

  /** Whether a token is set at all. */
  public boolean required() {
    return token.get() != null;
  }

  /** Whether the request may pass: no token is set, or it carries the right one. */
  public boolean authorized(HttpServerRequest request) {
    String expected = token.get();
    if (expected == null) {
      return true;
    }
    String header = request.getHeader("Authorization");
    String given =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : "";
    // Constant time: how much of the token matched must not show in how long the answer takes.
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (authorized(ctx.request())) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    Responses.error(
        ctx,
        ErrorCode.UNAUTHORIZED,
        ctx.request().getHeader("Authorization") == null
            ? "an Authorization: Bearer token is required"
            : "the bearer token is not valid",
        null);
  }
}
