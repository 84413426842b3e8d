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
   * @param idempotencyKey the key under which the network must see this action at most once: unique
   *     per chat, action id and part, the same across restarts, and not one a client id can forge.
   *     It is {@code <stem>.<part>}, where {@code stem} is the unpadded base64url (RFC 4648 §5, 43
   *     characters) of SHA-256 over the 4-byte big-endian length of the chat ID's UTF-8 bytes,
   *     those bytes and the action id's UTF-8 bytes, and {@code part} is the part's position in the
   *     verdict in decimal from 1 ({@link dev.triage.delivery.IdempotencyKeys}). An action without
   *     an id has a random one: its keys are new every time
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
