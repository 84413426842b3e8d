package dev.triage.adapter;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Optional for adapters: when a message was sent, as the network knows it. */
public interface MessageTimestamps {
  /** When the message was sent, or empty when the network does not know it. */
  CompletionStage<Optional<Instant>> sentAt(String chatID, String messageID);
}
