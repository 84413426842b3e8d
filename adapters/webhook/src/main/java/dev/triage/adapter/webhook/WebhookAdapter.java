package dev.triage.adapter.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.adapter.AdapterHealth;
import dev.triage.adapter.DeliveryResult;
import dev.triage.adapter.NetworkAdapter;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import dev.triage.verdict.Reasons;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers each action by {@code POST url} with body {@code {"id", "chatID", "action"}}, the
 * headers {@code Idempotency-Key: <key>} and {@code X-Triage-Signature: sha256=<hex HMAC-SHA256 of
 * the body>}. The key, also the body's {@code id}, is the one {@link dev.triage.delivery.Delivery}
 * gives each part: unique per chat, action id and part, the same across restarts ({@link
 * dev.triage.delivery.IdempotencyKeys}); the client's own id stays in the action. A 2xx answer
 * (optionally {@code {"messageID": …}}) is delivered; a 4xx is a permanent failure, except 408, 409
 * (the same key still in progress), 425 and 429, which are tried again like a 5xx; a 5xx, a timeout
 * or a refused or reset connection is tried again with exponential backoff and jitter, then is a
 * retriable failure. A circuit breaker stops calling a receiver that keeps failing, and lets one
 * call through after a pause to see whether it is back. At most {@code concurrency} requests are in
 * flight; more wait in a bounded queue.
 */
public final class WebhookAdapter implements NetworkAdapter, AdapterHealth {
  /**
   * How the adapter behaves.
   *
   * @param url where actions are posted
   * @param secret the HMAC key, or {@code null} for unsigned bodies
   * @param timeout how long one attempt may take
   * @param retries attempts after the first
   * @param backoff the first pause between attempts; each next one doubles, up to 32 times it
   * @param breakerFailures failed attempts in a row that open the breaker
   * @param breakerReset how long the breaker stays open before it lets one call through
   * @param concurrency requests in flight at most
   */
  public record Settings(
      URI url,
      String secret,
      Duration timeout,
      int retries,
      Duration backoff,
      int breakerFailures,
      Duration breakerReset,
      int concurrency) {}

  private final String network;
  private final Settings settings;
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final HttpClientAgent client;
  private final CircuitBreaker breaker;
  private final Counter retries;
  private final MeterRegistry registry;

  /**
   * @param vertx the Vert.x to run on, or {@code null} to start one of its own
   * @param registry where to publish metrics, or {@code null}
   */
  public WebhookAdapter(String network, Settings settings, Vertx vertx, MeterRegistry registry) {
    this.network = network;
    this.settings = settings;
    this.ownsVertx = vertx == null;
    this.vertx = vertx == null ? Vertx.vertx() : vertx;
    this.client =
        this.vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()))
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(settings.concurrency()).setMaxWaitQueueSize(10_000));
    this.breaker =
        CircuitBreaker.create(
            "webhook-" + network,
            this.vertx,
            new CircuitBreakerOptions()
                .setMaxFailures(settings.breakerFailures())
                .setTimeout(-1)
                .setResetTimeout(settings.breakerReset().toMillis()));
    this.registry = registry;
    if (registry != null) {
      Gauge.builder("triage.webhook.breaker.state", breaker, b -> stateValue(b.state()))
          .description("Webhook circuit breaker: 0 closed, 1 half open, 2 open")
          .tag("network", network)
          .register(registry);
      this.retries =
          Counter.builder("triage.webhook.retries")
              .description("Webhook attempts after the first")
              .tag("network", network)
              .register(registry);
    } else {
      this.retries = null;
    }
  }

  private static double stateValue(CircuitBreakerState state) {
    switch (state) {
      case OPEN:
        return 2;
      case HALF_OPEN:
        return 1;
      default:
        return 0;
    }
  }

  /** The webhook contract asks receivers to deduplicate {@code Idempotency-Key}. */
  @Override
  public boolean deduplicatesKeys() {
    return true;
  }

  @Override
  public CompletionStage<DeliveryResult> deliver(
      String chatID, Action action, String idempotencyKey) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("id", idempotencyKey);
    body.put("chatID", chatID);
    body.set("action", TriageJson.writeAction(action));
    byte[] bytes = TriageJson.toJson(body).getBytes(StandardCharsets.UTF_8);
    CompletableFuture<DeliveryResult> result = new CompletableFuture<>();
    attempt(Buffer.buffer(bytes), signature(bytes), idempotencyKey, 0, result);
    return result;
  }

  private void attempt(
      Buffer body,
      String signature,
      String key,
      int attempt,
      CompletableFuture<DeliveryResult> result) {
    Future<DeliveryResult> call = breaker.execute(promise -> send(body, signature, key, promise));
    call.onComplete(
        done -> {
          if (done.succeeded()) {
            count(done.result());
            result.complete(done.result());
            return;
          }
          Throwable failure = done.cause();
          if (failure instanceof OpenCircuitException) {
            result.complete(
                DeliveryResult.retriable(
                    Reasons.BRIDGE_UNAVAILABLE,
                    "the webhook of network "
                        + network
                        + " kept failing; calls are paused for up to "
                        + settings.breakerReset().toSeconds()
                        + " s"));
            return;
          }
          if (attempt >= settings.retries()) {
            DeliveryResult failed =
                DeliveryResult.retriable(
                    failure instanceof TryAgainAnswer
                        ? Reasons.FOREIGN_NETWORK_ERROR
                        : Reasons.BRIDGE_UNAVAILABLE,
                    "the webhook failed " + (attempt + 1) + " time(s); last: " + message(failure));
            count(failed);
            result.complete(failed);
            return;
          }
          if (retries != null) {
            retries.increment();
          }
          vertx.setTimer(
              backoff(attempt), timer -> attempt(body, signature, key, attempt + 1, result));
        });
  }

  /** One POST; completes with a result for 2xx and 4xx, fails (a breaker failure) otherwise. */
  private void send(Buffer body, String signature, String key, Promise<DeliveryResult> promise) {
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(settings.url().toString())
            .setTimeout(settings.timeout().toMillis())
            .putHeader("Content-Type", "application/json")
            .putHeader("Idempotency-Key", key);
    if (signature != null) {
      request.putHeader("X-Triage-Signature", signature);
    }
    client
        .request(request)
        .compose(call -> call.send(body))
        .compose(response -> BoundedAnswer.read(response, BoundedAnswer.LIMIT))
        .onComplete(
            done -> {
              if (done.failed()) {
                promise.fail(done.cause());
                return;
              }
              BoundedAnswer response = done.result();
              int status = response.status();
              if (status >= 200 && status < 300) {
                promise.complete(DeliveryResult.delivered(messageID(response)));
              } else if (status >= 400 && status < 500 && !asksForRetry(status)) {
                promise.complete(
                    DeliveryResult.permanent(
                        status == 401 || status == 403
                            ? Reasons.NO_PERMISSION
                            : Reasons.FOREIGN_NETWORK_ERROR,
                        "the webhook refused the action: HTTP " + status + excerpt(response)));
              } else {
                promise.fail(new TryAgainAnswer(status, excerpt(response)));
              }
            });
  }

  /**
   * The 4xx answers that mean "not now" rather than "no": a timeout on the receiver's side, a
   * request with the same Idempotency-Key still in progress, too early, too many requests. They are
   * retried like a 5xx instead of failing the action for good.
   */
  static boolean asksForRetry(int status) {
    return status == 408 || status == 409 || status == 425 || status == 429;
  }

  /** The messageID of a whole JSON answer; a cut or unreadable one has none. */
  private static String messageID(BoundedAnswer response) {
    if (response.cut() || response.body().length() == 0) {
      return null;
    }
    try {
      JsonNode json = TriageJson.parse(response.text());
      JsonNode id = json.get("messageID");
      return id != null && id.isTextual() ? id.textValue() : null;
    } catch (InvalidInputException notJson) {
      return null;
    }
  }

  private static String excerpt(BoundedAnswer response) {
    if (response.body().length() == 0) {
      return response.cut() ? " (an answer over " + BoundedAnswer.LIMIT + " bytes, not read)" : "";
    }
    String text = response.text().strip();
    return ": "
        + (text.length() > 200 ? text.substring(0, 200) + "…" : text)
        + (response.cut() ? " (cut at " + BoundedAnswer.LIMIT + " bytes)" : "");
  }

  private long backoff(int attempt) {
    long base = Math.max(1, settings.backoff().toMillis()) << Math.min(attempt, 5);
    // Jitter spreads the retries of many actions that failed together.
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  private String signature(byte[] body) {
    if (settings.secret() == null || settings.secret().isEmpty()) {
      return null;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(settings.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
    }
  }

  private void count(DeliveryResult result) {
    if (registry != null) {
      Counter.builder("triage.webhook.deliveries")
          .description("Webhook deliveries by final status")
          .tag("network", network)
          .tag("status", result.status().name())
          .register(registry)
          .increment();
    }
  }

  private static String message(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }

  @Override
  public Optional<String> problem() {
    return breaker.state() == CircuitBreakerState.OPEN
        ? Optional.of("the webhook's circuit breaker is open: it kept failing")
        : Optional.empty();
  }

  /** The breaker's state, for tests and operators. */
  public CircuitBreakerState breakerState() {
    return breaker.state();
  }

  @Override
  public void close() {
    breaker.close();
    client.close();
    if (ownsVertx) {
      vertx.close();
    }
  }

  /**
   * A 5xx, or a 4xx that asks for a retry: the receiver is there but cannot take the action now, so
   * it counts against the breaker and is tried again.
   */
  private static final class TryAgainAnswer extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TryAgainAnswer(int status, String excerpt) {
      super("HTTP " + status + excerpt);
    }
  }
}
