package dev.triage.sidecar.gateway;

import dev.triage.action.Action;
import dev.triage.adapter.NetworkAdapter;
import dev.triage.capability.Capabilities;
import dev.triage.config.TriageConfig;
import dev.triage.delivery.Delivery;
import dev.triage.delivery.DeliveryOutcome;
import dev.triage.matrix.MatrixAnswer;
import dev.triage.matrix.MatrixRead;
import dev.triage.matrix.MatrixWriter;
import dev.triage.rule.Mediator;
import dev.triage.sidecar.http.ApiException;
import dev.triage.sidecar.http.ErrorCode;
import dev.triage.store.CapabilityStore;
import dev.triage.store.ChatCapabilities;
import dev.triage.store.UnknownChatException;
import dev.triage.verdict.Verdict;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The one way from a request to a decision and to the network: which network a chat is on, its
 * capabilities, the decision, the delivery, the decision log and the metrics. Every route goes
 * through it, so every route logs and counts its decisions the same way. Thread-safe; a reload
 * swaps the configuration and store atomically.
 */
public final class Gateway {
  private static final Logger LOG = Logger.getLogger("dev.triage.sidecar");

  /** The configuration and the store made from it, swapped together on a reload. */
  private record Snapshot(TriageConfig config, CapabilityStore store) {}

  /** A decision and the id that names it in answers and logs. */
  public record Decided(String decisionID, Verdict verdict) {}

  /**
   * A Matrix event decided: its answer, and the id of its (first) decision. A receipt or typing
   * naming several users is one decision per user, each logged under its own id.
   */
  public record MatrixDecided(String decisionID, MatrixAnswer answer) {}

  /** A delivered decision and the id that names it. */
  public record Delivered(String decisionID, DeliveryOutcome outcome) {}

  private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
  private final Mediator mediator;
  private final Delivery delivery;
  private final AdapterRegistry adapters;
  private final DecisionMetrics metrics;
  private final FormatWorkers workers;
  private final SharedChats shared;

  /** A gateway over a configuration; its adapters are made now. */
  public Gateway(
      TriageConfig config,
      Mediator mediator,
      Delivery delivery,
      AdapterRegistry adapters,
      DecisionMetrics metrics,
      FormatWorkers workers) {
    this(config, mediator, delivery, adapters, metrics, workers, null);
  }

  /**
   * A gateway whose chats are also kept in {@code shared} ({@code null}: in this process only): its
   * store is filled from there, and every change is written through.
   */
  public Gateway(
      TriageConfig config,
      Mediator mediator,
      Delivery delivery,
      AdapterRegistry adapters,
      DecisionMetrics metrics,
      FormatWorkers workers,
      SharedChats shared) {
    this.shared = shared;
    this.mediator = mediator;
    this.workers = workers;
    this.delivery = delivery;
    this.adapters = adapters;
    this.metrics = metrics;
    apply(config);
  }

  /**
   * Runs a new configuration: its adapters, and a store of its networks and chats (with shared
   * chats, its chats are written there and every shared chat is loaded over them). Blocks when
   * chats are shared.
   */
  public void apply(TriageConfig config) {
    adapters.update(config);
    CapabilityStore store = config.newStore();
    if (shared != null) {
      shared.publishAndLoad(config, store);
    }
    snapshot.set(new Snapshot(config, store));
  }

  /**
   * Loads every shared chat afresh over the running configuration's, when changes may have gone
   * unheard (the connection that announces them was lost). Blocks.
   */
  public void reloadChats() {
    if (shared == null) {
      return;
    }
    Snapshot now = snapshot.get();
    CapabilityStore store = now.config().newStore();
    shared.load(store);
    // A reload that swapped the configuration meanwhile loaded its own: keep that one.
    snapshot.compareAndSet(now, new Snapshot(now.config(), store));
  }

  /**
   * Writes a chat's change, already made in the store (from {@code before}, {@code null} when it
   * was not listed, to {@code after}, {@code null} when removed), through to the shared chats. When
   * that fails the store's change is undone and the future fails with 503 {@code
   * storage_unavailable}. Completes at once when chats are not shared.
   */
  public Future<Void> writeThrough(String chatID, ChatCapabilities before, ChatCapabilities after) {
    if (shared == null) {
      return Future.succeededFuture();
    }
    CapabilityStore store = store();
    CompletionStage<Void> written;
    try {
      written = shared.write(chatID, after);
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    return (context == null
            ? Future.fromCompletionStage(written)
            : Future.fromCompletionStage(written, context))
        .recover(
            failure -> {
              undo(store, chatID, before);
              LOG.warning("chat " + chatID + " not changed: " + failure.getMessage());
              return Future.failedFuture(
                  new ApiException(
                      ErrorCode.STORAGE_UNAVAILABLE,
                      "chat "
                          + chatID
                          + " not changed: the shared database could not be written ("
                          + failure.getMessage()
                          + ")",
                      null));
            });
  }

  private static void undo(CapabilityStore store, String chatID, ChatCapabilities before) {
    if (before == null) {
      store.remove(chatID);
    } else if (before.network() != null) {
      store.assign(chatID, before.network(), before.delta());
    } else {
      store.set(chatID, before.capabilities());
    }
  }

  /** The running configuration. */
  public TriageConfig config() {
    return snapshot.get().config();
  }

  /** The running capability store. */
  public CapabilityStore store() {
    return snapshot.get().store();
  }

  /** The mediator every decision of this process is made by. */
  public Mediator mediator() {
    return mediator;
  }

  /** The network adapters. */
  public AdapterRegistry adapters() {
    return adapters;
  }

  /**
   * Where a chat's capabilities come from.
   *
   * @throws ApiException 404 {@code unknown_chat} when the store does not know it and there is no
   *     default network
   */
  public ChatCapabilities lookup(String chatID) {
    try {
      return store().lookup(chatID);
    } catch (UnknownChatException e) {
      throw ApiException.field(ErrorCode.UNKNOWN_CHAT, "chatID", e.getMessage());
    }
  }

  /** The network a chat is on: its own, or the default. */
  public String networkOf(ChatCapabilities entry) {
    return entry.network() != null ? entry.network() : config().defaultNetwork();
  }

  /**
   * Runs {@code work} that decides actions: on a worker when {@code heavy} (markup to parse), else
   * at once. See {@link FormatWorkers}.
   */
  public <T> Future<T> work(boolean heavy, Callable<T> work) {
    return workers.run(heavy, work);
  }

  /** Decides an action, logs and counts the decision. */
  public Decided decide(Action action, Capabilities caps, String chatID, boolean explain) {
    long start = System.nanoTime();
    Verdict verdict = explain ? mediator.explain(action, caps) : mediator.mediate(action, caps);
    metrics.record(action, verdict, System.nanoTime() - start);
    String decisionID = DecisionIds.next();
    DecisionLog.log(config().logging(), decisionID, chatID, action, verdict);
    return new Decided(decisionID, verdict);
  }

  /**
   * Decides actions against the same capabilities, as one batch: each decision is logged and gets
   * its id, but the metrics are counted once for the batch, so a batch costs its decisions and
   * little more.
   */
  public List<Decided> decideAll(
      List<? extends Action> actions, Capabilities caps, String chatID, boolean explain) {
    long start = System.nanoTime();
    TriageConfig.Logging logging = config().logging();
    List<Decided> decided = new ArrayList<>(actions.size());
    for (Action action : actions) {
      Verdict verdict = explain ? mediator.explain(action, caps) : mediator.mediate(action, caps);
      String decisionID = DecisionIds.next();
      DecisionLog.log(logging, decisionID, chatID, action, verdict);
      decided.add(new Decided(decisionID, verdict));
    }
    metrics.recordAll(actions, decided, System.nanoTime() - start);
    return decided;
  }

  /**
   * Decides every action of a Matrix event (each logged and counted as any decision), writes the
   * answer back as Matrix and counts the event by outcome.
   */
  public MatrixDecided decideMatrix(MatrixRead read, Capabilities caps, String chatID) {
    String chat = chatID != null ? chatID : read.roomID();
    List<Decided> decided = decideAll(read.actions(), caps, chat, false);
    List<Verdict> verdicts = new ArrayList<>(decided.size());
    decided.forEach(one -> verdicts.add(one.verdict()));
    MatrixAnswer answer = MatrixWriter.write(read, verdicts);
    metrics.recordMatrix(DecisionMetrics.MatrixOutcome.of(answer.decision()));
    return new MatrixDecided(decided.isEmpty() ? null : decided.get(0).decisionID(), answer);
  }

  /** Counts a Matrix event that is no action or cannot be read: nothing to decide. */
  public void undecidedMatrix(MatrixRead read) {
    metrics.recordMatrix(
        read.kind() == MatrixRead.Kind.UNREADABLE
            ? DecisionMetrics.MatrixOutcome.UNREADABLE
            : DecisionMetrics.MatrixOutcome.NOT_MEDIATED);
  }

  /**
   * Mediates and delivers an action to a chat through its network's adapter: the one path of {@code
   * POST /v1/actions} and the Desktop-API facade.
   */
  public CompletionStage<Delivered> deliver(String chatID, ChatCapabilities entry, Action action) {
    String network = networkOf(entry);
    AdapterRegistry.Entry adapter = adapters.get(network).orElse(null);
    if (adapter == null || adapter.adapter() == null) {
      return CompletableFuture.failedFuture(
          new ApiException(
              ErrorCode.ADAPTER_UNAVAILABLE,
              "cannot deliver to "
                  + chatID
                  + ": "
                  + (adapter == null
                      ? "its network has no adapter"
                      : "network " + network + ": " + adapter.unavailable()),
              null));
    }
    long start = System.nanoTime();
    TriageConfig.Logging logging = config().logging();
    boolean heavy = FormatWorkers.isHeavy(action);
    NetworkAdapter target = adapter.adapter();
    // A chat the store lists has capabilities the operator gave it; any other is asked of its
    // network first (the Desktop API can say), its profile the fallback.
    boolean listed = store().listed(chatID).isPresent();
    return workers
        .run(
            heavy,
            () ->
                listed
                    ? delivery.mediateAndDeliver(chatID, action, entry.capabilities(), target)
                    : delivery.lookUpAndDeliver(chatID, action, target, entry.capabilities()))
        .toCompletionStage()
        .thenCompose(delivering -> delivering)
        .thenApply(
            outcome -> {
              metrics.record(action, outcome.verdict(), System.nanoTime() - start);
              String decisionID = DecisionIds.next();
              DecisionLog.log(logging, decisionID, chatID, action, outcome.verdict());
              return new Delivered(decisionID, outcome);
            });
  }
}
