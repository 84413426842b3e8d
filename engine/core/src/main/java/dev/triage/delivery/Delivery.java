package dev.triage.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.triage.action.Action;
import dev.triage.action.Delete;
import dev.triage.action.Edit;
import dev.triage.adapter.CapabilitySource;
import dev.triage.adapter.DeliveryResult;
import dev.triage.adapter.MessageTimestamps;
import dev.triage.adapter.NetworkAdapter;
import dev.triage.capability.Capabilities;
import dev.triage.json.TriageJson;
import dev.triage.rule.Mediator;
import dev.triage.verdict.Reasons;
import dev.triage.verdict.SendStatus;
import dev.triage.verdict.Status;
import dev.triage.verdict.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Mediates an action and delivers what was decided through a network adapter, in order. Idempotent
 * on the action's {@code id} within its chat: a repeat returns the first answer and delivers
 * nothing again, and a concurrent repeat waits for the first. An answer that failed retriably is
 * not kept, so a retry with the same id tries again (nothing was delivered, or the network
 * deduplicates what was). The id used again in the chat for a different action (another
 * fingerprint: SHA-256 of the action's wire JSON) is refused with {@link IdReusedException}, also
 * after a retriable failure and, with a journal that keeps fingerprints, after a restart. Each part
 * goes to the network under its own key ({@link IdempotencyKeys}): unique per chat, id and part.
 * The library's and the sidecar's delivery path. Thread-safe.
 */
public final class Delivery {
  private static final Logger LOG = Logger.getLogger("dev.triage.delivery");

  private final Mediator mediator;
  private final MessageLedger ledger;
  private final Clock clock;
  private final DeliveryJournal journal;
  private final Executor mediation;
  private final Executor journalWork;

  /** Stem (chat + id) → what was first sent under it, and its answer while one is kept. */
  private final Cache<String, Remembered> answers;

  /**
   * An id in a chat: the fingerprint of the action it was first used for, and the answer, or {@code
   * null} after a retriable failure (nothing kept, a repeat of the same action tries again).
   */
  private record Remembered(String fingerprint, CompletableFuture<DeliveryOutcome> answer) {}

  /**
   * @param clock the time messages are recorded as sent at
   * @param ledger where sent times and edit counts are kept
   * @param rememberedIds how many action ids are remembered for idempotency
   * @param rememberFor how long an action id is remembered
   */
  public Delivery(Clock clock, MessageLedger ledger, long rememberedIds, Duration rememberFor) {
    this(clock, ledger, DeliveryJournal.none(), rememberedIds, rememberFor);
  }

  /**
   * @param journal where final results are kept across restarts
   * @see #Delivery(Clock, MessageLedger, long, Duration)
   */
  public Delivery(
      Clock clock,
      MessageLedger ledger,
      DeliveryJournal journal,
      long rememberedIds,
      Duration rememberFor) {
    this(
        builder()
            .clock(clock)
            .ledger(ledger)
            .journal(journal)
            .remember(rememberedIds, rememberFor));
  }

  private Delivery(Builder builder) {
    this.clock = builder.clock;
    this.mediator = builder.mediator != null ? builder.mediator : Mediator.create(builder.clock);
    this.ledger =
        builder.ledger != null ? builder.ledger : MessageLedger.inMemory(DEFAULT_REMEMBERED);
    this.journal = builder.journal;
    this.mediation = builder.mediation;
    this.journalWork = builder.journalWork;
    this.answers =
        Caffeine.newBuilder()
            .maximumSize(builder.rememberedIds)
            .expireAfterWrite(builder.rememberFor)
            .build();
  }

  /** A builder with the defaults of {@link #create()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link Delivery}. Every setting has a default: the system clock, a mediator on it, an
   * in-memory ledger and no journal, {@link #DEFAULT_REMEMBERED} ids for {@link
   * #DEFAULT_REMEMBER_FOR}, and mediation on whichever thread is at hand.
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Mediator mediator;
    private MessageLedger ledger;
    private DeliveryJournal journal = DeliveryJournal.none();
    private long rememberedIds = DEFAULT_REMEMBERED;
    private Duration rememberFor = DEFAULT_REMEMBER_FOR;
    private Executor mediation = Runnable::run;
    private Executor journalWork = Runnable::run;

    private Builder() {}

    /** The time messages are recorded as sent at (and the mediator's, unless one is given). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The mediator that decides, so a process decides with one (the sidecar's, say). */
    public Builder mediator(Mediator mediator) {
      this.mediator = Objects.requireNonNull(mediator, "mediator");
      return this;
    }

    /** Where sent times, edit counts and reactions are kept. */
    public Builder ledger(MessageLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /** Where final results are kept across restarts. */
    public Builder journal(DeliveryJournal journal) {
      this.journal = Objects.requireNonNull(journal, "journal");
      return this;
    }

    /** How many action ids are remembered for idempotency, and for how long. */
    public Builder remember(long ids, Duration forHowLong) {
      if (ids < 1 || forHowLong.isNegative() || forHowLong.isZero()) {
        throw new IllegalArgumentException(
            "remember at least one id for a positive time, got " + ids + " for " + forHowLong);
      }
      this.rememberedIds = ids;
      this.rememberFor = forHowLong;
      return this;
    }

    /**
     * Where deciding runs when it follows an asynchronous lookup (capabilities or a message's time
     * asked of the network): a server passes an executor of worker threads, so markup is never
     * parsed on an event loop. Deciding right away runs on the caller's thread.
     */
    public Builder mediateOn(Executor executor) {
      this.mediation = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Where the journal and the ledger are asked and written, which may block (a file commit, a
     * database round trip): a server passes an executor of threads that may block, so that no event
     * loop waits. By default they run on whichever thread is at hand, as an in-memory ledger and no
     * journal need.
     */
    public Builder journalOn(Executor executor) {
      this.journalWork = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The delivery. */
    public Delivery build() {
      return new Delivery(this);
    }
  }

  /** How many action ids are remembered by default, and messages kept by the default ledger. */
  public static final int DEFAULT_REMEMBERED = 100_000;

  /** How long an action id is remembered by default. */
  public static final Duration DEFAULT_REMEMBER_FOR = Duration.ofHours(24);

  /** A delivery on the system clock with the defaults; see {@link #create(Clock)}. */
  public static Delivery create() {
    return create(Clock.systemUTC());
  }

  /**
   * A delivery on {@code clock} with an in-memory ledger of {@link #DEFAULT_REMEMBERED} messages,
   * remembering as many action ids for {@link #DEFAULT_REMEMBER_FOR}.
   */
  public static Delivery create(Clock clock) {
    return builder().clock(clock).build();
  }

  /** The ledger, for callers that record messages delivered some other way. */
  public MessageLedger ledger() {
    return ledger;
  }

  /**
   * Mediates {@code action} against what the chat's network says of the chat — when {@code adapter}
   * can say ({@link CapabilitySource}) — else against {@code fallback} (also when the network does
   * not answer), and delivers the result through {@code adapter}. The library's one path from an
   * action to the network; {@link #mediateAndDeliver(String, Action, Capabilities, NetworkAdapter)}
   * when the caller's capabilities are final.
   *
   * @return the outcome; a stage failed with {@link IdReusedException} when the action's id was
   *     used in this chat for a different action
   */
  public CompletionStage<DeliveryOutcome> lookUpAndDeliver(
      String chatID, Action action, NetworkAdapter adapter, Capabilities fallback) {
    if (!(adapter instanceof CapabilitySource)) {
      return mediateAndDeliver(chatID, action, fallback, adapter);
    }
    CompletionStage<Capabilities> asked;
    try {
      asked =
          ((CapabilitySource) adapter)
              .capabilities(chatID)
              .thenApply(caps -> caps.orElse(fallback));
    } catch (RuntimeException e) {
      asked = CompletableFuture.failedFuture(e);
    }
    return asked
        .handle(
            (caps, failure) -> {
              if (failure != null) {
                LOG.warning(
                    "capabilities of "
                        + chatID
                        + " could not be read from its network, using the fallback: "
                        + failure.getMessage());
                return fallback;
              }
              return caps;
            })
        .thenComposeAsync(
            caps -> mediateAndDeliver(chatID, action, caps, adapter), mediationAfterLookup(asked));
  }

  /**
   * Where to go on after {@code lookup}: right here when it was done already, else the executor.
   */
  private Executor mediationAfterLookup(CompletionStage<?> lookup) {
    return lookup.toCompletableFuture().isDone() ? Runnable::run : mediation;
  }

  /**
   * Mediates {@code action} against {@code capabilities} and delivers the result through {@code
   * adapter}.
   *
   * @return the outcome; a stage failed with {@link IdReusedException} when the action's id was
   *     used in this chat for a different action
   */
  public CompletionStage<DeliveryOutcome> mediateAndDeliver(
      String chatID, Action action, Capabilities capabilities, NetworkAdapter adapter) {
    if (action.id() == null) {
      String stem = IdempotencyKeys.stem(chatID, UUID.randomUUID().toString());
      return run(chatID, action, capabilities, adapter, stem);
    }
    String stem = IdempotencyKeys.stem(chatID, action.id());
    String fingerprint = fingerprint(action);
    CompletableFuture<DeliveryOutcome> mine = new CompletableFuture<>();
    boolean[] unseen = {false};
    Remembered remembered =
        answers
            .asMap()
            .compute(
                stem,
                (k, before) -> {
                  if (before != null
                      && (before.answer() != null || !before.fingerprint().equals(fingerprint))) {
                    return before; // the first answer, or a reuse refused below
                  }
                  unseen[0] = before == null;
                  return new Remembered(fingerprint, mine);
                });
    if (!remembered.fingerprint().equals(fingerprint)) {
      return CompletableFuture.failedFuture(new IdReusedException(chatID, action.id()));
    }
    if (remembered.answer() != mine) {
      return remembered.answer();
    }
    // An id this process has not seen may have been taken, before a restart or by another
    // process sharing the journal, for another action: the journal says which action stands.
    CompletionStage<DeliveryOutcome> running =
        onJournal(
                () -> unseen[0] ? journal.claimFingerprint(chatID, stem, fingerprint) : fingerprint)
            .thenCompose(
                first -> {
                  if (!first.equals(fingerprint)) {
                    answers.asMap().replace(stem, remembered, new Remembered(first, null));
                    throw new IdReusedException(chatID, action.id());
                  }
                  return run(chatID, action, capabilities, adapter, stem);
                });
    running.whenComplete(
        (outcome, failure) -> {
          if (failure != null || outcome.sendStatus().status() == Status.FAIL_RETRIABLE) {
            // Not kept, so a repeat tries again; the fingerprint stays, so the id still
            // belongs to this action.
            answers.asMap().replace(stem, remembered, new Remembered(fingerprint, null));
          }
          if (failure != null) {
            mine.completeExceptionally(unwrapped(failure));
          } else {
            mine.complete(outcome);
          }
        });
    return mine;
  }

  /** Runs blocking journal or ledger work where the builder said. */
  private <T> CompletableFuture<T> onJournal(Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(work, journalWork);
    } catch (RuntimeException e) { // an executor that refuses work
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * A journal's stage, continued on the journal executor when it completes later, whether it
   * succeeds or fails: a journal that groups commits completes it on its commit thread, which must
   * not run the adapter call, the next part or the caller's continuations. One already complete
   * goes on where it is.
   */
  private <T> CompletionStage<T> backOnJournalThreads(CompletionStage<T> stage) {
    CompletableFuture<T> future = stage.toCompletableFuture();
    return future.isDone() ? future : future.whenCompleteAsync((value, failure) -> {}, journalWork);
  }

  private static Throwable unwrapped(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  /** What an action is, for telling a repeat from a reuse: SHA-256 of its wire JSON. */
  static String fingerprint(Action action) {
    return IdempotencyKeys.sha256(TriageJson.toJson(TriageJson.writeAction(action)));
  }

  private CompletionStage<DeliveryOutcome> run(
      String chatID,
      Action action,
      Capabilities capabilities,
      NetworkAdapter adapter,
      String stem) {
    CompletionStage<Action> known =
        onJournal(() -> fromLedger(chatID, action))
            .thenCompose(remembered -> withSentAt(chatID, remembered, adapter));
    return known
        .thenApplyAsync(ready -> mediator.mediate(ready, capabilities), mediationAfterLookup(known))
        .thenCompose(verdict -> deliverVerdict(chatID, verdict, adapter, stem));
  }

  /**
   * An edit or delete whose sentAt neither the caller nor the ledger knows asks the network, where
   * the adapter can say ({@link MessageTimestamps}); when it cannot, the action goes on as it is.
   */
  private static CompletionStage<Action> withSentAt(
      String chatID, Action action, NetworkAdapter adapter) {
    if (!(adapter instanceof MessageTimestamps)) {
      return CompletableFuture.completedFuture(action);
    }
    String messageID;
    if (action instanceof Edit && ((Edit) action).sentAt() == null) {
      messageID = ((Edit) action).messageID();
    } else if (action instanceof Delete && ((Delete) action).sentAt() == null) {
      messageID = ((Delete) action).messageID();
    } else {
      return CompletableFuture.completedFuture(action);
    }
    return ((MessageTimestamps) adapter)
        .sentAt(chatID, messageID)
        .handle(
            (sentAt, failure) -> {
              if (failure != null || sentAt == null || sentAt.isEmpty()) {
                return action;
              }
              long millis = sentAt.get().toEpochMilli();
              if (action instanceof Edit) {
                Edit edit = (Edit) action;
                return edit.withHistory(millis, edit.editCount());
              }
              Delete delete = (Delete) action;
              return new Delete(
                  delete.id(), delete.chatID(), delete.messageID(), millis, delete.forEveryone());
            });
  }

  private CompletionStage<DeliveryOutcome> deliverVerdict(
      String chatID, Verdict verdict, NetworkAdapter adapter, String stem) {
    if (!verdict.sends()) {
      SendStatus status = verdict.status();
      return CompletableFuture.completedFuture(new DeliveryOutcome(verdict, List.of(), status));
    }
    List<DeliveryResult> results = new ArrayList<>();
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    List<Action> actions = verdict.actions();
    for (int i = 0; i < actions.size(); i++) {
      Action part = actions.get(i);
      String partKey = IdempotencyKeys.part(stem, i + 1);
      chain =
          chain.thenCompose(
              ignored -> {
                DeliveryResult previous =
                    results.isEmpty() ? null : results.get(results.size() - 1);
                if (previous != null && previous.status() != Status.SUCCESS) {
                  results.add(
                      new DeliveryResult(
                          previous.status(),
                          null,
                          previous.reason(),
                          "not attempted: an earlier part was not delivered"));
                  return CompletableFuture.completedFuture(null);
                }
                return deliverOnce(chatID, part, partKey, adapter).thenAccept(results::add);
              });
    }
    return chain.thenApply(ignored -> new DeliveryOutcome(verdict, results, overall(results)));
  }

  /**
   * One part, unless the journal has its final result from before: then that, and no call (the
   * ledger already has the message from when it was first sent).
   */
  private CompletionStage<DeliveryResult> deliverOnce(
      String chatID, Action part, String key, NetworkAdapter adapter) {
    boolean deduplicates = adapter.deduplicatesKeys();
    return onJournal(() -> journal.claim(chatID, key, deduplicates))
        .thenCompose(this::backOnJournalThreads)
        .exceptionally(
            // Nothing was sent: a repeat may try again once the journal answers.
            failure ->
                Claim.answered(
                    DeliveryResult.retriable(
                        Reasons.BRIDGE_UNAVAILABLE,
                        "not sent: the delivery journal could not be asked ("
                            + rootMessage(failure)
                            + ")")))
        .thenCompose(
            claim -> {
              if (claim.answer().isPresent()) {
                return CompletableFuture.completedFuture(claim.answer().get());
              }
              return deliverOne(chatID, part, key, adapter)
                  .thenComposeAsync(
                      result -> {
                        if (result.status() == Status.SUCCESS) {
                          remember(chatID, part, result);
                        }
                        if (result.status() == Status.FAIL_RETRIABLE) {
                          journal.abandon(chatID, key);
                          return CompletableFuture.completedFuture(result);
                        }
                        return backOnJournalThreads(
                            journal.recordAsync(chatID, key, result).thenApply(kept -> result));
                      },
                      journalWork);
            });
  }

  /** One action; an adapter that throws or fails its stage is a retriable failure. */
  private static CompletionStage<DeliveryResult> deliverOne(
      String chatID, Action action, String key, NetworkAdapter adapter) {
    try {
      return adapter
          .deliver(chatID, action, key)
          .handle(
              (result, failure) ->
                  failure == null && result != null
                      ? result
                      : DeliveryResult.retriable(
                          Reasons.FOREIGN_NETWORK_ERROR,
                          "the adapter failed: "
                              + (failure == null ? "no result" : rootMessage(failure))));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          DeliveryResult.retriable(
              Reasons.FOREIGN_NETWORK_ERROR, "the adapter failed: " + rootMessage(e)));
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  /** Fills in what the caller left out and the ledger knows: sentAt, editCount. */
  private Action fromLedger(String chatID, Action action) {
    if (action instanceof Edit) {
      Edit edit = (Edit) action;
      if (edit.sentAt() == null || edit.editCount() == null) {
        Optional<MessageLedger.Entry> entry = ledger.lookup(chatID, edit.messageID());
        if (entry.isPresent()) {
          return edit.withHistory(
              edit.sentAt() != null ? edit.sentAt() : entry.get().sentAt().toEpochMilli(),
              edit.editCount() != null ? edit.editCount() : entry.get().editCount());
        }
      }
    } else if (action instanceof Delete) {
      Delete delete = (Delete) action;
      if (delete.sentAt() == null) {
        Optional<MessageLedger.Entry> entry = ledger.lookup(chatID, delete.messageID());
        if (entry.isPresent()) {
          return new Delete(
              delete.id(),
              delete.chatID(),
              delete.messageID(),
              entry.get().sentAt().toEpochMilli(),
              delete.forEveryone());
        }
      }
    }
    return action;
  }

  private void remember(String chatID, Action action, DeliveryResult result) {
    switch (action.type()) {
      case MESSAGE:
      case POLL:
      case LOCATION:
        if (result.messageID() != null) {
          ledger.sent(chatID, result.messageID(), clock.instant());
        }
        break;
      case EDIT:
        ledger.edited(chatID, ((Edit) action).messageID());
        break;
      case DELETE:
        ledger.deleted(chatID, ((Delete) action).messageID());
        break;
      default:
        break;
    }
  }

  private static SendStatus overall(List<DeliveryResult> results) {
    DeliveryResult worst = null;
    for (DeliveryResult result : results) {
      if (result.status() == Status.FAIL_PERMANENT) {
        worst = result;
        break;
      }
      if (result.status() == Status.FAIL_RETRIABLE && worst == null) {
        worst = result;
      }
    }
    if (worst == null) {
      return new SendStatus(Status.SUCCESS, null, "Delivered.");
    }
    return new SendStatus(worst.status(), worst.reason(), worst.message());
  }
}
