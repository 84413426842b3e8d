package dev.triage.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import java.util.Optional;

/** A bounded in-memory ledger: least recently used messages are forgotten first. */
final class InMemoryLedger implements MessageLedger {
  private final Cache<String, Entry> entries;

  InMemoryLedger(long maximumMessages) {
    if (maximumMessages < 1) {
      throw new IllegalArgumentException(
          "maximumMessages must be at least 1, got " + maximumMessages);
    }
    entries = Caffeine.newBuilder().maximumSize(maximumMessages).build();
  }

  private static String key(String chatID, String messageID) {
    return chatID + '\u0000' + messageID;
  }

  @Override
  public void sent(String chatID, String messageID, Instant sentAt) {
    entries.put(key(chatID, messageID), new Entry(sentAt, 0));
  }

  @Override
  public void edited(String chatID, String messageID) {
    entries
        .asMap()
        .computeIfPresent(
            key(chatID, messageID), (k, e) -> new Entry(e.sentAt(), e.editCount() + 1));
  }

  @Override
  public void deleted(String chatID, String messageID) {
    entries.invalidate(key(chatID, messageID));
  }

  @Override
  public Optional<Entry> lookup(String chatID, String messageID) {
    return Optional.ofNullable(entries.getIfPresent(key(chatID, messageID)));
  }
}
