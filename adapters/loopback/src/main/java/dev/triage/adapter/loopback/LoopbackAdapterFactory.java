package dev.triage.adapter.loopback;

import dev.triage.adapter.AdapterFactory;
import dev.triage.adapter.NetworkAdapter;
import java.time.Clock;
import java.util.Map;

/** Makes {@code type: loopback} adapters: 1,000 messages per chat, 10,000 chats. */
public final class LoopbackAdapterFactory implements AdapterFactory {
  @Override
  public String type() {
    return "loopback";
  }

  @Override
  public NetworkAdapter create(String network, Map<String, Object> settings) {
    return new LoopbackAdapter(Clock.systemUTC(), 1000, 10_000);
  }
}
