package dev.triage.adapter;

import dev.triage.capability.Capabilities;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Optional for adapters: reads a chat's capabilities from the network or bridge. */
public interface CapabilitySource {
  /**
   * The chat's current capabilities.
   *
   * @return the capabilities, or empty when the network does not know the chat
   */
  CompletionStage<Optional<Capabilities>> capabilities(String chatID);
}
