package dev.triage.sidecar.gateway;

import dev.triage.config.TriageConfig;
import dev.triage.store.CapabilityStore;
import dev.triage.store.ChatCapabilities;
import java.util.concurrent.CompletionStage;

/**
 * Where chats with capabilities of their own are kept besides this process's store, so that several
 * instances agree on them (PostgreSQL). The store stays the in-memory cache every decision reads;
 * this is what fills it and what a change is written through to.
 */
public interface SharedChats {
  /**
   * Writes a configuration's chats (at start, on a reload) and fills {@code store}, made from that
   * configuration, with every shared chat. Blocks: never on an event loop.
   */
  void publishAndLoad(TriageConfig config, CapabilityStore store);

  /**
   * Fills {@code store} with every shared chat, after changes may have gone unheard. Blocks: never
   * on an event loop.
   */
  void load(CapabilityStore store);

  /**
   * Writes a chat's new entry through ({@code null}: removed); the stage completes once it is
   * committed and announced to the other instances, off the caller's thread.
   */
  CompletionStage<Void> write(String chatID, ChatCapabilities entry);
}
