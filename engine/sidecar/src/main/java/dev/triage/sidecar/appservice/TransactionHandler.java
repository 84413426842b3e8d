package dev.triage.sidecar.appservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.triage.action.Action;
import dev.triage.action.Edit;
import dev.triage.config.MatrixConfig;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import dev.triage.matrix.MatrixAnswer;
import dev.triage.matrix.MatrixMediator;
import dev.triage.matrix.MatrixRead;
import dev.triage.matrix.MatrixReader;
import dev.triage.matrix.OutgoingEvent;
import dev.triage.matrix.RelatedEvents;
import dev.triage.verdict.Decision;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/**
 * One bridge's transactions, one at a time and in order: each event read as Matrix and mediated
 * against its room's capabilities, the bridge given one transaction with the same events in the
 * same order — forwarded ones untouched, degraded ones rewritten, rejected and dropped ones left
 * out — and, once the bridge has accepted it, the senders told in their rooms what was not sent or
 * was changed. The bridge's own events (its bot's, its ghosts'), events Triage cannot read
 * (encrypted ones), ephemeral and to-device data pass untouched.
 *
 * <p>The homeserver retries a transaction until it is answered 200: a transaction id seen before
 * with the same events is not mediated again (the same forwarded content goes to the bridge, which
 * deduplicates transaction ids itself, and no second status is posted). "The same events" means the
 * same event ids in the same order, not the same bytes: Synapse serializes a retried transaction's
 * events again (their {@code unsigned.age} has grown) and sends it without the ephemeral and
 * to-device data it does not keep. A transaction id seen before with other events is a new
 * transaction: a homeserver restarted without pending transactions starts counting at 1 again. With
 * several instances the homeserver's retry may reach another one: a transaction is claimed ({@link
 * TransactionClaims}) before it is handled, so it is mediated, forwarded and told once across them.
 */
final class TransactionHandler {
  private static final Logger LOG = Logger.getLogger("dev.triage.sidecar.appservice");
  private static final Duration BRIDGE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * A transaction handled before: its {@link #identity}, what went to the bridge, whether accepted.
   */
  private record Handled(String hash, Buffer forwarded, List<Telling> telling, boolean accepted) {}

  /** Something to tell a room: a status event or a notice. */
  private record Telling(String roomID, String type, String txnID, ObjectNode content) {}

  private final MatrixConfig config;
  private final MatrixConfig.Bridge bridge;
  private final io.vertx.core.WorkerExecutor worker;
  private final HttpCalls http;
  private final HomeserverClient homeserver;
  private final RoomCapabilities rooms;
  private final StreamMemory memory;
  private final MatrixMediator mediator;
  private final ProxyMetrics metrics;
  private final TransactionClaims claims;
  private final Cache<String, Handled> handled =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(24)).build();

  /** The last transaction's chain: the next one starts when it ends. */
  private Future<?> tail = Future.succeededFuture();

  private volatile String bridgeProblem;

  TransactionHandler(
      io.vertx.core.WorkerExecutor worker,
      MatrixConfig config,
      MatrixConfig.Bridge bridge,
      HttpCalls http,
      HomeserverClient homeserver,
      RoomCapabilities rooms,
      StreamMemory memory,
      MatrixMediator mediator,
      ProxyMetrics metrics,
      TransactionClaims claims) {
    this.claims = claims;
    this.worker = worker;
    this.config = config;
    this.bridge = bridge;
    this.http = http;
    this.homeserver = homeserver;
    this.rooms = rooms;
    this.memory = memory;
    this.mediator = mediator;
    this.metrics = metrics;
  }

  /** Why the bridge cannot be reached now, or {@code null} when its last answer was fine. */
  String bridgeProblem() {
    return bridgeProblem;
  }

  /**
   * Handles a transaction; the future succeeds when the bridge has accepted it (answer the
   * homeserver 200) and fails when it has not (answer an error, so the homeserver retries).
   *
   * @throws InvalidInputException when the body is not a transaction (answer 400)
   */
  synchronized Future<Void> handle(String txnID, byte[] body) {
    JsonNode root = TriageJson.parse(body);
    if (!root.isObject() || (root.has("events") && !root.get("events").isArray())) {
      throw new InvalidInputException("events", "a transaction is an object with a list of events");
    }
    String hash = identity(root, body);
    Promise<Void> done = Promise.promise();
    // Strictly in order: what one transaction teaches (capabilities, sent messages) the next uses.
    tail =
        tail.transform(ignored -> process(txnID, (ObjectNode) root, hash))
            .onComplete(
                result -> {
                  if (result.succeeded()) {
                    done.complete();
                  } else {
                    done.fail(result.cause());
                  }
                });
    return done.future();
  }

  /**
   * What makes a retry the same transaction: the ids of its events, in order. A transaction without
   * events, or with an event without an id, is known by its whole body.
   */
  static String identity(JsonNode root, byte[] body) {
    JsonNode events = root.path("events");
    if (!events.isArray() || events.isEmpty()) {
      return sha256(body);
    }
    StringBuilder ids = new StringBuilder("event ids:");
    for (JsonNode event : events) {
      JsonNode id = event.path("event_id");
      if (!id.isTextual()) {
        return sha256(body);
      }
      ids.append('\n').append(id.asText());
    }
    return sha256(ids.toString().getBytes(StandardCharsets.UTF_8));
  }

  private Future<Void> process(String txnID, ObjectNode root, String hash) {
    Handled before = handled.getIfPresent(txnID);
    boolean seen = before != null && before.hash().equals(hash);
    if (seen && before.accepted()) {
      metrics.transaction("replayed");
      return Future.succeededFuture();
    }
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    return on(context, claims.claim(bridge.name(), txnID, hash))
        .compose(
            outcome -> {
              switch (outcome) {
                case ACCEPTED:
                  metrics.transaction("replayed");
                  handled.put(txnID, new Handled(hash, null, List.of(), true));
                  return Future.<Void>succeededFuture();
                case BUSY:
                  metrics.transaction("busy_elsewhere");
                  return Future.<Void>failedFuture(
                      new BridgeUnavailableException(
                          "transaction "
                              + txnID
                              + " is being handled by another Triage instance; the homeserver"
                              + " will retry it"));
                default:
                  if (seen) {
                    metrics.transaction("replayed");
                  }
                  Future<Void> work =
                      seen ? forward(txnID, before) : mediateAndForward(txnID, root, hash);
                  return work.transform(
                      done ->
                          on(
                                  context,
                                  done.succeeded()
                                      ? claims.accepted(bridge.name(), txnID, hash)
                                      : claims.release(bridge.name(), txnID, hash))
                              .transform(
                                  written ->
                                      done.succeeded()
                                          ? Future.succeededFuture()
                                          : Future.failedFuture(done.cause())));
              }
            });
  }

  /** A stage as a future that completes on {@code context}, where there is one. */
  private static <T> Future<T> on(io.vertx.core.Context context, CompletionStage<T> stage) {
    return context == null
        ? Future.fromCompletionStage(stage)
        : Future.fromCompletionStage(stage, context);
  }

  private Future<Void> mediateAndForward(String txnID, ObjectNode root, String hash) {
    // HTML is parsed on this bridge's worker, never on an event loop; plain events are read and
    // decided in microseconds, here, without the two thread hops a worker costs. Transactions run
    // one after another either way (see handle), so the two never overlap.
    Future<Mediated> mediating =
        holdsMarkup(root)
            ? worker.executeBlocking(() -> mediate(root).toCompletableFuture().join(), true)
            : on(io.vertx.core.Vertx.currentContext(), mediate(root));
    return mediating.compose(
        mediated -> {
          Handled now = new Handled(hash, mediated.body(), mediated.telling(), false);
          handled.put(txnID, now);
          return forward(txnID, now)
              .onSuccess(
                  ok -> {
                    for (ObjectNode event : mediated.forwarded()) {
                      memory.remember(event);
                    }
                  });
        });
  }

  /** Whether an event of the transaction carries HTML ({@code formatted_body}), new or edited. */
  static boolean holdsMarkup(ObjectNode root) {
    for (JsonNode event : root.path("events")) {
      JsonNode content = event.path("content");
      if (content.has("formatted_body") || content.path("m.new_content").has("formatted_body")) {
        return true;
      }
    }
    return false;
  }

  private Future<Void> forward(String txnID, Handled transaction) {
    MultiMap headers =
        MultiMap.caseInsensitiveMultiMap()
            .add("Authorization", "Bearer " + bridge.registration().hsToken())
            .add("Content-Type", "application/json");
    long start = System.nanoTime();
    return http.call(
            HttpMethod.PUT,
            bridge.url(),
            "/_matrix/app/v1/transactions/" + encode(txnID),
            headers,
            transaction.forwarded(),
            BRIDGE_TIMEOUT)
        .transform(
            answer -> {
              metrics.bridgeNanos(System.nanoTime() - start);
              if (answer.succeeded() && answer.result().ok()) {
                bridgeProblem = null;
                metrics.transaction("forwarded");
                handled.put(
                    txnID,
                    new Handled(transaction.hash(), transaction.forwarded(), List.of(), true));
                tell(transaction.telling());
                return Future.succeededFuture();
              }
              String problem =
                  answer.failed()
                      ? answer.cause().getMessage()
                      : "it answered " + answer.result().status();
              bridgeProblem = "bridge " + bridge.name() + " at " + bridge.url() + ": " + problem;
              metrics.transaction("bridge_failed");
              LOG.warning(
                  "transaction "
                      + txnID
                      + " not accepted by "
                      + bridgeProblem
                      + "; the homeserver will retry it");
              return Future.failedFuture(new BridgeUnavailableException(bridgeProblem));
            });
  }

  /** Status events and notices, each under a transaction id derived from its event. */
  private void tell(List<Telling> telling) {
    for (Telling t : telling) {
      homeserver
          .send(t.roomID(), t.type(), t.txnID(), t.content())
          .whenComplete(
              (ok, failure) -> {
                if (failure == null) {
                  metrics.told(t.type().equals("m.room.message") ? "notice" : "status");
                } else {
                  metrics.told("failed");
                  LOG.warning(
                      "could not tell room "
                          + t.roomID()
                          + " ("
                          + t.type()
                          + "): "
                          + failure.getMessage());
                }
              });
    }
  }

  /** What one transaction becomes: the bridge's body, the events in it, what to tell rooms. */
  private record Mediated(Buffer body, List<ObjectNode> forwarded, List<Telling> telling) {}

  private CompletionStage<Mediated> mediate(ObjectNode root) {
    JsonNode events = root.path("events");
    List<ObjectNode> forwarded = new ArrayList<>();
    List<Telling> telling = new ArrayList<>();
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (JsonNode node : events) {
      chain = chain.thenCompose(ignored -> one(node, forwarded, telling));
    }
    return chain.thenApply(
        ignored -> {
          ObjectNode out = root.deepCopy();
          ArrayNode list = out.putArray("events");
          forwarded.forEach(list::add);
          return new Mediated(
              Buffer.buffer(TriageJson.toJson(out)), List.copyOf(forwarded), List.copyOf(telling));
        });
  }

  /** One event: passed, or mediated and written back. */
  private CompletionStage<Void> one(
      JsonNode node, List<ObjectNode> forwarded, List<Telling> telling) {
    if (!node.isObject()) {
      metrics.event("unreadable");
      return done();
    }
    ObjectNode event = (ObjectNode) node;
    String type = event.path("type").asText("");
    String sender = event.path("sender").asText(null);
    if (type.equals(dev.triage.matrix.RoomFeatures.EVENT_TYPE)) {
      rooms.observe(event);
      return pass(event, forwarded, "passthrough");
    }
    if (bridge.registration().owns(sender)) {
      // The bridge's own echoes: never mediated (bridgev2 ignores them too).
      return pass(event, forwarded, "echo");
    }
    if (type.equals("m.room.member")
        && bridge.registration().owns(event.path("state_key").asText(null))
        && List.of("invite", "join").contains(event.path("content").path("membership").asText())) {
      // Inviting the bridge's bot or a ghost is how a room comes to the bridge.
      return pass(event, forwarded, "passthrough");
    }
    MatrixRead read;
    try {
      read = MatrixReader.read(event, RelatedEvents.of(memory.related(event)));
    } catch (InvalidInputException e) {
      LOG.fine("passing an event Triage cannot read: " + e.getMessage());
      return pass(event, forwarded, "unreadable");
    }
    if (!read.isMediated()) {
      boolean encrypted = type.equals("m.room.encrypted");
      return pass(
          event,
          forwarded,
          encrypted
              ? "encrypted"
              : read.kind() == MatrixRead.Kind.UNREADABLE ? "unreadable" : "passthrough");
    }
    MatrixRead known = withStreamHistory(read);
    return rooms
        .of(read.roomID())
        .thenAccept(
            room -> {
              MatrixAnswer answer = mediator.mediate(known, room.capabilities());
              metrics.event(answer.decision().wireName());
              if (answer.decision() == Decision.FORWARD) {
                forwarded.add(event);
              } else {
                List<OutgoingEvent> out = answer.events();
                for (int i = 0; i < out.size(); i++) {
                  forwarded.add(envelope(event, out.get(i), i));
                }
              }
              collect(event, answer, telling);
            });
  }

  /** The stream's history fills what the event does not say: how often a message was edited. */
  private MatrixRead withStreamHistory(MatrixRead read) {
    List<Action> actions = new ArrayList<>(read.actions().size());
    boolean changed = false;
    for (Action action : read.actions()) {
      if (action instanceof Edit && ((Edit) action).editCount() == null) {
        Edit edit = (Edit) action;
        Integer edits = memory.edits(edit.messageID());
        if (edits != null) {
          action = edit.withHistory(edit.sentAt(), edits);
          changed = true;
        }
      }
      actions.add(action);
    }
    return changed ? read.withActions(actions) : read;
  }

  private void collect(ObjectNode event, MatrixAnswer answer, List<Telling> telling) {
    String room = event.path("room_id").asText();
    String id = event.path("event_id").asText();
    boolean failed =
        answer.decision() == Decision.REJECT
            || (answer.status() != null
                && !"SUCCESS".equals(answer.status().path("status").asText()));
    boolean worthTelling = failed || config.degradeStatus();
    if (answer.status() != null && config.statusEvents() && worthTelling) {
      telling.add(
          new Telling(
              room,
              MatrixAnswer.STATUS_EVENT_TYPE,
              "triage-status-" + sha256(id.getBytes(StandardCharsets.UTF_8)).substring(0, 32),
              answer.status()));
    }
    if (answer.notice() != null && config.errorNotices() && failed) {
      telling.add(
          new Telling(
              room,
              "m.room.message",
              "triage-notice-" + sha256(id.getBytes(StandardCharsets.UTF_8)).substring(0, 32),
              answer.notice()));
    }
  }

  /**
   * An outgoing event in the original's envelope (room, sender, time, unsigned): the first part
   * keeps the original's event id, so the bridge's record of it matches the room's; later parts (a
   * split, a caption sent after its file) get ids derived from it.
   */
  private static ObjectNode envelope(ObjectNode original, OutgoingEvent out, int part) {
    ObjectNode event = original.deepCopy();
    event.put("type", out.type());
    event.set("content", out.content().deepCopy());
    event.remove("state_key");
    event.remove("redacts");
    if (out.stateKey() != null) {
      event.put("state_key", out.stateKey());
    }
    if (out.redacts() != null) {
      event.put("redacts", out.redacts());
    }
    if (part > 0) {
      event.put("event_id", original.path("event_id").asText() + "-" + (part + 1));
    }
    return event;
  }

  private CompletionStage<Void> pass(ObjectNode event, List<ObjectNode> forwarded, String outcome) {
    metrics.event(outcome);
    forwarded.add(event);
    return done();
  }

  private static CompletionStage<Void> done() {
    return CompletableFuture.completedFuture(null);
  }

  private static String encode(String part) {
    return java.net.URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
