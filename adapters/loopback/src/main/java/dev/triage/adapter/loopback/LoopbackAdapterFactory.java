package dev.triage.adapter.loopback;

import dev.triage.adapter.AdapterContext;
import dev.triage.adapter.AdapterFactory;
import dev.triage.adapter.NetworkAdapter;
import java.time.Clock;

/** Makes {@code type: loopback} adapters: 1,000 messages per chat, 10,000 chats. */
public final class LoopbackAdapterFactory implements AdapterFactory {
  @Override
  public String type() {
    return "loopback";
  }

  @Override
  public NetworkAdapter create(AdapterContext context) {
    return new LoopbackAdapter(Clock.systemUTC(), 1000, 10_000);
  }
}
