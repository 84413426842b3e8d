package dev.triage.delivery;

import dev.triage.adapter.DeliveryResult;
import java.util.Optional;

/**
 * The final result of each delivered part, by chat and idempotency key ({@link IdempotencyKeys}),
 * kept where it outlives the process. {@link Delivery} asks it before calling an adapter, so an
 * action repeated after a restart gets its first result and the network gets nothing again. Only
 * final results are kept: a retriable failure delivered nothing, so a repeat tries again.
 * Implementations must be thread-safe and must have made a result durable when {@link #record}
 * returns.
 */
public interface DeliveryJournal {
  /** The result recorded for a part, if any. */
  Optional<DeliveryResult> recorded(String chatID, String key);

  /** Records a part's final result ({@code SUCCESS} or {@code FAIL_PERMANENT}). */
  void record(String chatID, String key, DeliveryResult result);

  /**
   * Notes, durably, that a part is about to go to a network that does not deduplicate keys, and
   * forgets it once the part's result is known ({@link #record}, or {@link #abandon} for a
   * retriable failure, which delivered nothing). A journal that finds a part still begun when it is
   * next opened knows the process died while sending it, and records it as failed for good,
   * possibly delivered, so that a repeat neither sends it twice nor claims it was never sent.
   */
  default void begin(String chatID, String key) {}

  /** Forgets a begun part that failed retriably: nothing was delivered, a repeat may try again. */
  default void abandon(String chatID, String key) {}

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
