package dev.triage.sidecar.http;

import dev.triage.delivery.IdReusedException;
import dev.triage.json.InvalidInputException;
import dev.triage.postgres.StorageException;
import dev.triage.store.StoreFullException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns whatever failed a request into the JSON error body: an {@link ApiException} as it says, a
 * library {@link InvalidInputException} as 400 naming its path, a full store as 507, an action id
 * reused for another action as 422, the router's own 413 and the timeout's 503 with their limits,
 * and anything else as a logged 500 that shows no internals.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = Logger.getLogger("dev.triage.sidecar");

  private final LongSupplier bodyLimit;
  private final LongSupplier requestTimeoutMillis;

  /** Errors that name the running body limit and request timeout. */
  public FailureHandler(LongSupplier bodyLimit, LongSupplier requestTimeoutMillis) {
    this.bodyLimit = bodyLimit;
    this.requestTimeoutMillis = requestTimeoutMillis;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException) {
      ApiException api = (ApiException) failure;
      if (api.code().equals(ErrorCode.OVERLOADED.code())) {
        ctx.response().putHeader("Retry-After", "1");
      }
      Responses.error(ctx, api.status(), api.code(), api.getMessage(), api.details());
    } else if (failure instanceof StoreFullException) {
      StoreFullException full = (StoreFullException) failure;
      Responses.error(
          ctx,
          ErrorCode.STORE_FULL,
          full.getMessage(),
          Responses.object().put("limit", full.limit()).put("key", "server.maxChats"));
    } else if (failure instanceof IdReusedException) {
      IdReusedException reused = (IdReusedException) failure;
      Responses.error(
          ctx,
          ErrorCode.ID_REUSED,
          reused.getMessage(),
          Responses.object().put("field", "action.id").put("id", reused.id()));
    } else if (failure instanceof InvalidInputException
        && ((InvalidInputException) failure).isOverLimit()) {
      InvalidInputException over = (InvalidInputException) failure;
      Responses.error(
          ctx, ErrorCode.INPUT_TOO_COMPLEX, over.getMessage(), Responses.field(over.path()));
    } else if (failure instanceof StorageException) {
      LOG.warning("request failed on the shared database: " + failure.getMessage());
      Responses.error(
          ctx,
          ErrorCode.STORAGE_UNAVAILABLE,
          "the shared database could not be reached; nothing was sent, retry",
          null);
    } else if (failure instanceof InvalidInputException) {
      ApiException api = JsonBodies.invalid((InvalidInputException) failure, "");
      Responses.error(ctx, api.status(), api.code(), api.getMessage(), api.details());
    } else if (ctx.statusCode() == 413) {
      bodyTooLarge(ctx);
    } else if (ctx.statusCode() == 503) {
      Responses.error(
          ctx,
          ErrorCode.TIMEOUT,
          "the request took longer than " + requestTimeoutMillis.getAsLong() + " ms",
          null);
    } else if (ctx.statusCode() > 0 && ctx.statusCode() < 500) {
      Responses.error(
          ctx, ctx.statusCode(), ErrorCode.BAD_REQUEST.code(), "the request was refused", null);
    } else {
      LOG.log(
          Level.SEVERE,
          "request failed: " + ctx.request().method() + " " + ctx.request().path(),
          failure);
      Responses.error(
          ctx, ErrorCode.INTERNAL_ERROR, "Triage failed on this request; it is logged", null);
    }
  }

  /** The 413 answer, also for the router's own error handler. */
  public void bodyTooLarge(RoutingContext ctx) {
    Responses.error(
        ctx,
        ErrorCode.BODY_TOO_LARGE,
        "the request body is larger than " + bodyLimit.getAsLong() + " bytes",
        null);
  }
}
