package dev.triage.adapter.desktop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.triage.action.Action;
import dev.triage.action.Chat;
import dev.triage.action.Delete;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.action.Reaction;
import dev.triage.action.State;
import dev.triage.adapter.CapabilitySource;
import dev.triage.adapter.DeliveryResult;
import dev.triage.adapter.MessageTimestamps;
import dev.triage.adapter.NetworkAdapter;
import dev.triage.capability.Capabilities;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import dev.triage.verdict.Reasons;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Forwards actions to a Beeper Desktop API server: messages, edits, deletes, reactions, archive,
 * read and unread, title and description. Reads a chat's capabilities from {@code GET
 * /v1/chats/{chatID}} (cached) and a message's time from {@code GET
 * /v1/chats/{chatID}/messages/{messageID}}. A 429 is retried after its {@code Retry-After}, then is
 * a retriable failure; other errors map to delivery results. A message send that got no answer is
 * never retried, since the Desktop API has no idempotency key (see {@link #noAnswer}).
 *
 * <p>At most 64 KiB of an answer is read ({@link BoundedAnswer}): a larger one is cut there, its
 * connection reset, and its body not read as an answer. Its status still counts: a send so answered
 * with a 2xx is delivered without a message id, capabilities or a message time so answered are not
 * known (the profile, or no time, is used instead).
 */
public final class BeeperDesktopAdapter
    implements NetworkAdapter, CapabilitySource, MessageTimestamps {
  /** The longest Retry-After honoured; a server asking for more gets a retriable failure. */
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

  /**
   * @param url the Desktop API server
   * @param token its access token
   * @param timeout how long one request may take
   * @param cacheTtl how long capabilities read from it are kept
   * @param retries how often a 429 is tried again
   */
  public record Settings(URI url, String token, Duration timeout, Duration cacheTtl, int retries) {}

  private final Settings settings;
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final HttpClientAgent client;
  private final AsyncCache<String, Optional<Capabilities>> capabilities;

  /**
   * @param vertx the Vert.x to run on, or {@code null} to start one of its own
   */
  public BeeperDesktopAdapter(Settings settings, Vertx vertx) {
    this.settings = settings;
    this.ownsVertx = vertx == null;
    this.vertx = vertx == null ? Vertx.vertx() : vertx;
    this.client =
        this.vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(16).setMaxWaitQueueSize(10_000));
    this.capabilities =
        Caffeine.newBuilder()
            .expireAfterWrite(settings.cacheTtl())
            .maximumSize(10_000)
            .buildAsync();
  }

  @Override
  public CompletionStage<DeliveryResult> deliver(
      String chatID, Action action, String idempotencyKey) {
    String chat = "/v1/chats/" + encode(chatID);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    switch (action.type()) {
      case MESSAGE:
        Message message = (Message) action;
        if (message.attachment() != null) {
          return unsupported("files (upload them through the Desktop API's asset routes)");
        }
        // The Desktop API takes Markdown; plain text is sent as it is.
        body.put("text", message.text());
        if (message.replyTo() != null) {
          body.put("replyToMessageID", message.replyTo().messageID());
        }
        return call(HttpMethod.POST, chat + "/messages", body, "pendingMessageID");
      case EDIT:
        Edit edit = (Edit) action;
        if (edit.attachment() != null) {
          return unsupported("edits of files (upload them through the Desktop API's asset routes)");
        }
        body.put("text", edit.text());
        return call(HttpMethod.PUT, chat + "/messages/" + encode(edit.messageID()), body, null);
      case DELETE:
        Delete delete = (Delete) action;
        return call(
            HttpMethod.DELETE,
            chat
                + "/messages/"
                + encode(delete.messageID())
                + "?forEveryone="
                + delete.forEveryone(),
            null,
            null);
      case REACTION:
        Reaction reaction = (Reaction) action;
        String reactions = chat + "/messages/" + encode(reaction.messageID()) + "/reactions";
        if (reaction.remove()) {
          return call(HttpMethod.DELETE, reactions + "/" + encode(reaction.key()), null, null);
        }
        body.put("reactionKey", reaction.key()).put("transactionID", idempotencyKey);
        return call(HttpMethod.POST, reactions, body, null);
      case CHAT:
        switch (((Chat) action).action()) {
          case ARCHIVE:
            return call(HttpMethod.POST, chat + "/archive", body.put("archived", true), null);
          case UNARCHIVE:
            return call(HttpMethod.POST, chat + "/archive", body.put("archived", false), null);
          case MARK_READ:
            return call(HttpMethod.POST, chat + "/read", body, null);
          case MARK_UNREAD:
            return call(HttpMethod.POST, chat + "/unread", body, null);
          default:
            return unsupported(((Chat) action).action().wireName());
        }
      case STATE:
        State state = (State) action;
        switch (state.field()) {
          case TITLE:
            return call(HttpMethod.PATCH, chat, body.put("title", state.value()), null);
          case DESCRIPTION:
            return call(HttpMethod.PATCH, chat, body.put("description", state.value()), null);
          default:
            return unsupported("changing the avatar");
        }
      default:
        return unsupported(action.type().wireName() + " actions");
    }
  }

  private static CompletionStage<DeliveryResult> unsupported(String what) {
    return CompletableFuture.completedFuture(
        DeliveryResult.permanent(
            Reasons.EVENT_NOT_HANDLED, "the Desktop API does not take " + what));
  }

  private CompletionStage<DeliveryResult> call(
      HttpMethod method, String path, ObjectNode body, String idField) {
    CompletableFuture<DeliveryResult> result = new CompletableFuture<>();
    attempt(method, path, body, idField, 0, result);
    return result;
  }

  private void attempt(
      HttpMethod method,
      String path,
      ObjectNode body,
      String idField,
      int attempt,
      CompletableFuture<DeliveryResult> result) {
    send(method, path, body)
        .onComplete(
            done -> {
              if (done.failed()) {
                result.complete(noAnswer(method, path, done.cause()));
                return;
              }
              BoundedAnswer response = done.result();
              int status = response.status();
              if (status >= 200 && status < 300) {
                result.complete(DeliveryResult.delivered(messageID(response, idField)));
              } else if (status == 429) {
                Duration wait = retryAfter(response.headers().get("Retry-After"));
                if (attempt < settings.retries() && wait.compareTo(MAX_RETRY_AFTER) <= 0) {
                  vertx.setTimer(
                      Math.max(1, wait.toMillis()),
                      t -> attempt(method, path, body, idField, attempt + 1, result));
                } else {
                  result.complete(
                      DeliveryResult.retriable(
                          Reasons.BRIDGE_UNAVAILABLE,
                          "the Desktop API is rate limiting; retry after "
                              + wait.toSeconds()
                              + " s"));
                }
              } else if (status == 401 || status == 403) {
                result.complete(
                    DeliveryResult.permanent(
                        Reasons.NO_PERMISSION,
                        "the Desktop API refused the token: HTTP " + status + error(response)));
              } else if (status >= 400 && status < 500) {
                result.complete(
                    DeliveryResult.permanent(
                        Reasons.FOREIGN_NETWORK_ERROR,
                        "the Desktop API refused the action: HTTP " + status + error(response)));
              } else {
                result.complete(
                    DeliveryResult.retriable(
                        Reasons.FOREIGN_NETWORK_ERROR,
                        "the Desktop API failed: HTTP " + status + error(response)));
              }
            });
  }

  /**
   * A request that got no answer. When the connection was never made nothing was done, and a retry
   * is safe. Otherwise the Desktop API may have done it: retrying an edit, a delete or a reaction
   * does the same thing again, but a message sent twice is a duplicate, and the Desktop API takes
   * no idempotency key to prevent that, so a send is reported failed for good, saying it may have
   * gone out, rather than retried.
   */
  static DeliveryResult noAnswer(HttpMethod method, String path, Throwable failure) {
    boolean neverConnected = failure instanceof ConnectException || waitedForAConnection(failure);
    boolean send = method == HttpMethod.POST && path.endsWith("/messages");
    if (neverConnected || !send) {
      return DeliveryResult.retriable(
          Reasons.BRIDGE_UNAVAILABLE, "the Desktop API did not answer: " + failure.getMessage());
    }
    return DeliveryResult.permanent(
        Reasons.FOREIGN_NETWORK_ERROR,
        "the Desktop API did not answer after the message was sent ("
            + failure.getMessage()
            + "); it may have been delivered, so it is not sent again");
  }

  /**
   * Whether the timeout struck while the request waited for a pooled connection, before any byte
   * was written. Vert.x reports that phase only through its message (the same exception type as a
   * timeout after sending), so the message decides.
   */
  private static boolean waitedForAConnection(Throwable failure) {
    String message = failure.getMessage();
    return message != null && message.contains("exceeded when getting a connection");
  }

  private Future<BoundedAnswer> send(HttpMethod method, String path, ObjectNode body) {
    RequestOptions request =
        new RequestOptions()
            .setMethod(method)
            .setAbsoluteURI(settings.url().toString().replaceAll("/$", "") + path)
            .setTimeout(settings.timeout().toMillis())
            .putHeader("Authorization", "Bearer " + settings.token());
    if (body != null) {
      request.putHeader("Content-Type", "application/json");
    }
    return client
        .request(request)
        .compose(
            call -> body == null ? call.send() : call.send(Buffer.buffer(TriageJson.toJson(body))))
        .compose(response -> BoundedAnswer.read(response, BoundedAnswer.LIMIT));
  }

  private static Duration retryAfter(String header) {
    if (header == null) {
      return Duration.ofSeconds(1);
    }
    try {
      return Duration.ofSeconds(Long.parseLong(header.trim()));
    } catch (NumberFormatException httpDate) {
      return Duration.ofSeconds(1);
    }
  }

  private static String messageID(BoundedAnswer response, String idField) {
    JsonNode json = json(response);
    if (json == null || idField == null) {
      return null;
    }
    for (String field : new String[] {idField, "messageID", "id"}) {
      JsonNode id = json.get(field);
      if (id != null && id.isTextual()) {
        return id.textValue();
      }
    }
    return null;
  }

  /** The answer's JSON; a cut, empty or unreadable answer has none. */
  private static JsonNode json(BoundedAnswer response) {
    if (response.cut() || response.body().length() == 0) {
      return null;
    }
    try {
      return TriageJson.parse(response.text());
    } catch (InvalidInputException notJson) {
      return null;
    }
  }

  private static String error(BoundedAnswer response) {
    JsonNode json = json(response);
    if (json != null && json.hasNonNull("message")) {
      return ": " + json.get("message").asText();
    }
    return response.cut() ? " (an answer over " + BoundedAnswer.LIMIT + " bytes, not read)" : "";
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public CompletionStage<Optional<Capabilities>> capabilities(String chatID) {
    return capabilities.get(chatID, (id, executor) -> fetchCapabilities(id));
  }

  private CompletableFuture<Optional<Capabilities>> fetchCapabilities(String chatID) {
    CompletableFuture<Optional<Capabilities>> result = new CompletableFuture<>();
    send(HttpMethod.GET, "/v1/chats/" + encode(chatID), null)
        .onComplete(
            done -> {
              if (done.failed() || done.result().status() != 200 || done.result().cut()) {
                // Not cached as empty for long: a failure is not an answer.
                result.completeExceptionally(
                    new IllegalStateException(
                        "cannot read capabilities of "
                            + chatID
                            + ": "
                            + (done.failed()
                                ? done.cause().getMessage()
                                : done.result().cut()
                                    ? "an answer over " + BoundedAnswer.LIMIT + " bytes"
                                    : "HTTP " + done.result().status())));
                return;
              }
              JsonNode chat = json(done.result());
              JsonNode caps = chat == null ? null : chat.get("capabilities");
              try {
                result.complete(
                    caps == null || caps.isNull()
                        ? Optional.empty()
                        : Optional.of(TriageJson.readCapabilities(caps)));
              } catch (InvalidInputException e) {
                result.completeExceptionally(
                    new IllegalStateException(
                        "the Desktop API sent capabilities Triage cannot read: " + e.getMessage(),
                        e));
              }
            });
    return result;
  }

  @Override
  public CompletionStage<Optional<Instant>> sentAt(String chatID, String messageID) {
    CompletableFuture<Optional<Instant>> result = new CompletableFuture<>();
    send(HttpMethod.GET, "/v1/chats/" + encode(chatID) + "/messages/" + encode(messageID), null)
        .onComplete(
            done -> {
              JsonNode message =
                  done.succeeded() && done.result().status() == 200 ? json(done.result()) : null;
              JsonNode timestamp = message == null ? null : message.get("timestamp");
              try {
                result.complete(
                    timestamp == null || !timestamp.isTextual()
                        ? Optional.empty()
                        : Optional.of(Instant.parse(timestamp.textValue())));
              } catch (DateTimeParseException e) {
                result.complete(Optional.empty());
              }
            });
    return result;
  }

  @Override
  public void close() {
    client.close();
    if (ownsVertx) {
      vertx.close();
    }
  }
}
