package dev.triage.delivery;

import dev.triage.adapter.DeliveryResult;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The final result of each delivered part, by chat and idempotency key ({@link IdempotencyKeys}),
 * kept where it outlives the process. {@link Delivery} asks it before calling an adapter, so an
 * action repeated after a restart gets its first result and the network gets nothing again. Only
 * final results are kept: a retriable failure delivered nothing, so a repeat tries again.
 * Implementations must be thread-safe and must have made a result durable when {@link #record}
 * returns. Their methods may block (a file, a database): {@link Delivery.Builder#journalOn} says
 * where they run.
 */
public interface DeliveryJournal {
  /** The result recorded for a part, if any. */
  Optional<DeliveryResult> recorded(String chatID, String key);

  /** Records a part's final result ({@code SUCCESS} or {@code FAIL_PERMANENT}). */
  void record(String chatID, String key, DeliveryResult result);

  /**
   * Records a part's final result and completes once it is durable: what {@link Delivery} calls. By
   * default {@link #record} on the calling thread, complete when it returns. A journal that groups
   * commits overrides it to complete when a commit covers the result, so that no thread waits for
   * the file and any number of deliveries in flight share one commit; its stage may complete on a
   * thread of the journal's own, which {@link Delivery} leaves at once.
   */
  default CompletionStage<Void> recordAsync(String chatID, String key, DeliveryResult result) {
    record(chatID, key, result);
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Notes, durably, that a part is about to go to a network that does not deduplicate keys, and
   * forgets it once the part's result is known ({@link #record}, or {@link #abandon} for a
   * retriable failure, which delivered nothing). A journal that finds a part still begun when it is
   * next opened knows the process died while sending it, and records it as failed for good,
   * possibly delivered, so that a repeat neither sends it twice nor claims it was never sent.
   */
  default void begin(String chatID, String key) {}

  /**
   * {@link #begin}, complete once the note is durable: what the default {@link #claim} calls. By
   * default {@link #begin} on the calling thread; a journal that groups commits overrides it as it
   * does {@link #recordAsync}.
   */
  default CompletionStage<Void> beginAsync(String chatID, String key) {
    begin(chatID, key);
    return CompletableFuture.completedFuture(null);
  }

  /** Forgets a begun part that failed retriably: nothing was delivered, a repeat may try again. */
  default void abandon(String chatID, String key) {}

  /**
   * Claims a part before it is delivered: either it is the caller's to deliver (it then ends with
   * {@link #record} or {@link #abandon}), or it already has an answer — its recorded result, or,
   * for a journal that several processes share, a retriable failure when another process is still
   * delivering it and did not finish in time. The default suits a journal of one process: the
   * recorded result if there is one, else {@link #beginAsync} (for a network that does not
   * deduplicate keys) and deliver once the note is durable.
   *
   * @param networkDeduplicates whether the network drops a second delivery under the same key
   */
  default CompletionStage<Claim> claim(String chatID, String key, boolean networkDeduplicates) {
    Optional<DeliveryResult> recorded = recorded(chatID, key);
    if (recorded.isPresent()) {
      return CompletableFuture.completedFuture(Claim.answered(recorded.get()));
    }
    if (networkDeduplicates) {
      return CompletableFuture.completedFuture(Claim.deliver());
    }
    return beginAsync(chatID, key).thenApply(noted -> Claim.deliver());
  }

  /**
   * Keeps {@code fingerprint} for the id ({@code stem}) unless the id has one already, and returns
   * the one that stands: this one, or the first action's. A journal that several processes share
   * must decide this atomically, so that two processes never both take an id for two actions. The
   * default is {@link #fingerprint} then {@link #keepFingerprint}.
   */
  default String claimFingerprint(String chatID, String stem, String fingerprint) {
    Optional<String> first = fingerprint(chatID, stem);
    if (first.isPresent()) {
      return first.get();
    }
    keepFingerprint(chatID, stem, fingerprint);
    return fingerprint;
  }

  /**
   * The fingerprint of the action first delivered under an id ({@code stem}: {@link
   * IdempotencyKeys#stem}), if the journal kept it, so that the id used again after a restart for a
   * different action is refused ({@link IdReusedException}) rather than answered with the first
   * action's result. The default keeps none: such a reuse is caught only while the process lives.
   */
  default Optional<String> fingerprint(String chatID, String stem) {
    return Optional.empty();
  }

  /**
   * Keeps the fingerprint of the action about to be delivered under {@code stem}. It need not be
   * durable at once, but must be no later than the next {@link #record} or {@link #begin} returns.
   */
  default void keepFingerprint(String chatID, String stem, String fingerprint) {}

  /**
   * A journal that keeps nothing: the in-memory default, where idempotency ends with the process.
   */
  static DeliveryJournal none() {
    return NoJournal.INSTANCE;
  }
}

/** Keeps nothing. */
enum NoJournal implements DeliveryJournal {
  INSTANCE;

  @Override
  public Optional<DeliveryResult> recorded(String chatID, String key) {
    return Optional.empty();
  }

  @Override
  public void record(String chatID, String key, DeliveryResult result) {}
}
