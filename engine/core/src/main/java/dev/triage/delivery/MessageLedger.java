package dev.triage.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * What Triage remembers of messages it delivered: when each was sent and how often it was edited,
 * so that edit and delete limits hold when a caller does not say {@code sentAt} or {@code
 * editCount}. Implementations must be thread-safe; {@link #inMemory(long)} is the default.
 */
public interface MessageLedger {
  /**
   * One message.
   *
   * @param sentAt when it was sent
   * @param editCount how often it was edited since
   */
  record Entry(Instant sentAt, int editCount) {}

  /** Records a message just delivered. */
  void sent(String chatID, String messageID, Instant sentAt);

  /** Records an edit of a message, if the ledger knows it. */
  void edited(String chatID, String messageID);

  /** Forgets a deleted message. */
  void deleted(String chatID, String messageID);

  /** What the ledger knows of a message. */
  Optional<Entry> lookup(String chatID, String messageID);

  /** An in-memory ledger that keeps the most recent {@code maximumMessages} messages. */
  static MessageLedger inMemory(long maximumMessages) {
    return new InMemoryLedger(maximumMessages);
  }
}
