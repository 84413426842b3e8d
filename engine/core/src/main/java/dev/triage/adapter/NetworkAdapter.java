package dev.triage.adapter;

import dev.triage.action.Action;
import java.util.concurrent.CompletionStage;

/**
 * Delivers mediated actions to a network. Implementations must be thread-safe and must not block
 * the caller: the work happens behind the returned stage.
 *
 * <p>What an adapter can do beyond delivery it declares by also implementing an optional interface
 * such as {@link CapabilitySource}.
 */
public interface NetworkAdapter extends AutoCloseable {
  /**
   * Delivers one action, as mediated, to a chat.
   *
   * @param chatID the target chat
   * @param action the action to send, already mediated
   * @param idempotencyKey the key under which the network must see this action at most once
   * @return the outcome; a stage that completes exceptionally is treated as {@code FAIL_RETRIABLE}
   */
  CompletionStage<DeliveryResult> deliver(String chatID, Action action, String idempotencyKey);

  /**
   * Whether the network does an action at most once per idempotency key even when it gets it twice,
   * as the webhook contract asks of receivers. When it does not (the default, and the Desktop API),
   * a delivery interrupted by a crash cannot be tried again safely, and a durable {@link
   * dev.triage.delivery.DeliveryJournal} reports it as possibly delivered instead.
   */
  default boolean deduplicatesKeys() {
    return false;
  }

  /** Releases what the adapter holds (connections, timers); the default holds nothing. */
  @Override
  default void close() {}
}
