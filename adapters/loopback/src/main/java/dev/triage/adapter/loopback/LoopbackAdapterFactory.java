package dev.triage.adapter.loopback;

import dev.triage.adapter.AdapterContext;
import dev.triage.adapter.AdapterFactory;
import dev.triage.adapter.AdapterSettings;
import dev.triage.adapter.NetworkAdapter;
import java.time.Clock;

/**
 * Makes {@code type: loopback} adapters. Settings: {@code messagesPerChat} (the most recent 1,000
 * kept per chat) and {@code chats} (10,000 chats kept, the least recently used forgotten first).
 */
public final class LoopbackAdapterFactory implements AdapterFactory {
  /**
   * How much the loopback keeps.
   *
   * @param messagesPerChat the most recent messages kept per chat
   * @param chats how many chats are kept
   */
  public record Settings(int messagesPerChat, int chats) {
    /** 1,000 messages in each of 10,000 chats. */
    public static Settings defaults() {
      return new Settings(1000, 10_000);
    }
  }

  @Override
  public String type() {
    return "loopback";
  }

  @Override
  public Settings configure(AdapterSettings s) {
    s.onlyKeys("messagesPerChat", "chats");
    Settings defaults = Settings.defaults();
    return new Settings(
        s.integer("messagesPerChat", 1, 1_000_000, defaults.messagesPerChat()),
        s.integer("chats", 1, 10_000_000, defaults.chats()));
  }

  @Override
  public NetworkAdapter create(AdapterContext context) {
    Settings settings =
        context.settings() instanceof Settings
            ? (Settings) context.settings()
            : Settings.defaults();
    return new LoopbackAdapter(Clock.systemUTC(), settings.messagesPerChat(), settings.chats());
  }
}
