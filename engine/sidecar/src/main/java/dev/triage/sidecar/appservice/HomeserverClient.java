package dev.triage.sidecar.appservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The homeserver's client-server API, as the bridge's bot (its {@code as_token}): events into a
 * room, a room's {@code com.beeper.room_features} state, and who the bot is (to learn the
 * homeserver's domain when the configuration does not say it).
 */
final class HomeserverClient {
  private static final Logger LOG = Logger.getLogger("dev.triage.sidecar.appservice");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final HttpCalls http;
  private final URI homeserver;
  private final String asToken;
  private final AtomicReference<String> domain = new AtomicReference<>();

  HomeserverClient(Vertx vertx, HttpCalls http, URI homeserver, String asToken, String domain) {
    this.vertx = vertx;
    this.http = http;
    this.homeserver = homeserver;
    this.asToken = asToken;
    this.domain.set(domain);
  }

  private MultiMap headers() {
    return MultiMap.caseInsensitiveMultiMap()
        .add("Authorization", "Bearer " + asToken)
        .add("Content-Type", "application/json");
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Sends an event into a room as the bot, under a transaction id of the caller's choosing: the
   * homeserver answers a repeat of the same id with the first event, so a retry never posts twice.
   * Tried up to three times, with a pause; the stage fails with the last problem.
   */
  CompletionStage<Void> send(String roomID, String type, String txnID, ObjectNode content) {
    String path =
        "/_matrix/client/v3/rooms/"
            + encode(roomID)
            + "/send/"
            + encode(type)
            + "/"
            + encode(txnID);
    return attempt(path, Buffer.buffer(TriageJson.toJson(content)), 1);
  }

  private CompletionStage<Void> attempt(String path, Buffer body, int attempt) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    http.call(HttpMethod.PUT, homeserver, path, headers(), body, TIMEOUT)
        .onComplete(
            answer -> {
              String problem =
                  answer.failed()
                      ? answer.cause().getMessage()
                      : answer.result().ok()
                          ? null
                          : answer.result().status() + " " + excerpt(answer.result().body());
              if (problem == null) {
                done.complete(null);
              } else if (attempt >= 3
                  || (answer.succeeded()
                      && answer.result().status() >= 400
                      && answer.result().status() < 500
                      && answer.result().status() != 429)) {
                done.completeExceptionally(new IllegalStateException(problem));
              } else {
                vertx.setTimer(
                    500L * attempt,
                    t ->
                        attempt(path, body, attempt + 1)
                            .whenComplete(
                                (ok, failure) -> {
                                  if (failure == null) {
                                    done.complete(null);
                                  } else {
                                    done.completeExceptionally(failure);
                                  }
                                }));
              }
            });
    return done;
  }

  /**
   * The room's {@code com.beeper.room_features} content under the bridge's state key ({@code
   * <domain>/<appservice id>}), else under {@code ""}; empty when the room has neither, or the
   * homeserver does not let the bot see its state.
   */
  CompletionStage<Optional<JsonNode>> roomFeatures(String roomID, String appserviceID) {
    return domain()
        .thenCompose(
            known -> {
              List<String> keys =
                  known == null ? List.of("") : List.of(known + "/" + appserviceID, "");
              return stateOf(roomID, keys, 0);
            });
  }

  private CompletionStage<Optional<JsonNode>> stateOf(String roomID, List<String> keys, int at) {
    if (at >= keys.size()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    String path =
        "/_matrix/client/v3/rooms/"
            + encode(roomID)
            + "/state/com.beeper.room_features/"
            + encode(keys.get(at));
    return http.call(HttpMethod.GET, homeserver, path, headers(), null, TIMEOUT)
        .toCompletionStage()
        .thenCompose(
            answer -> {
              if (answer.ok()) {
                try {
                  return CompletableFuture.completedFuture(
                      Optional.of(TriageJson.parse(answer.body().getBytes())));
                } catch (InvalidInputException e) {
                  return CompletableFuture.completedFuture(Optional.<JsonNode>empty());
                }
              }
              return stateOf(roomID, keys, at + 1);
            });
  }

  /** The homeserver's domain: configured, or learned once from who the bot is. */
  CompletionStage<String> domain() {
    String known = domain.get();
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return http.call(
            HttpMethod.GET,
            homeserver,
            "/_matrix/client/v3/account/whoami",
            headers(),
            null,
            TIMEOUT)
        .toCompletionStage()
        .handle(
            (answer, failure) -> {
              if (failure != null || !answer.ok()) {
                LOG.warning(
                    "could not learn the homeserver's domain from whoami: "
                        + (failure != null ? failure.getMessage() : answer.status()));
                return null;
              }
              String user = TriageJson.parse(answer.body().getBytes()).path("user_id").asText("");
              int colon = user.indexOf(':');
              if (colon < 0) {
                return null;
              }
              domain.compareAndSet(null, user.substring(colon + 1));
              return domain.get();
            });
  }

  /** Whether the homeserver answers at all (for readiness). */
  Future<Boolean> reachable() {
    return http.call(HttpMethod.GET, homeserver, "/_matrix/client/versions", null, null, TIMEOUT)
        .map(HttpCalls.Answer::ok)
        .otherwise(false);
  }

  private static String excerpt(Buffer body) {
    String text = body.toString(StandardCharsets.UTF_8);
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}
