package dev.triage.config;

import dev.triage.json.CapabilityDelta;
import dev.triage.json.TriageJson;
import dev.triage.store.CapabilityStore;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;

/**
 * Measures the capability store's heap: a million chats spread over the shipped profiles, 1% of
 * them with a per-chat delta. A measurement, not a test. Run it with
 *
 * <pre>
 * mvn -B -q -pl config -am test-compile exec:java -Dexec.mainClass=dev.triage.config.StoreFootprint \
 *     -Dexec.classpathScope=test -Dexec.args="1000000 0.01"
 * </pre>
 */
public final class StoreFootprint {
  private StoreFootprint() {}

  public static void main(String[] args) {
    int chats = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    double overrideShare = args.length > 1 ? Double.parseDouble(args[1]) : 0.01;
    TriageConfig config = TriageConfig.embedded();
    CapabilityStore store = config.newStore();
    List<String> networks = List.copyOf(store.networks());
    List<CapabilityDelta> deltas =
        List.of(
            CapabilityDelta.of(TriageJson.parse("{\"edit\": 0}")),
            CapabilityDelta.of(
                TriageJson.parse("{\"formatting\": {\"bold\": -1}, \"max_text_length\": 1000}")),
            CapabilityDelta.of(
                TriageJson.parse(
                    "{\"reaction_count\": 3, \"allowed_reactions\": [\"👍\", \"❤️\"]}")));
    long before = usedHeapAfterGc();
    Random random = new Random(42);
    int overrides = 0;
    for (int i = 0; i < chats; i++) {
      String chatID = "!" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + ":example.org";
      String network = networks.get(i % networks.size());
      if (random.nextDouble() < overrideShare) {
        // Each override is parsed anew, as a PUT or config line would be.
        CapabilityDelta delta = CapabilityDelta.of(deltas.get(overrides % deltas.size()).patch());
        store.assign(chatID, network, delta);
        overrides++;
      } else {
        store.assign(chatID, network, null);
      }
    }
    long after = usedHeapAfterGc();
    System.out.printf(
        "chats=%d overrides=%d networks=%d heap(store)=%.1f MiB (%.0f bytes/chat)%n",
        store.size(),
        overrides,
        networks.size(),
        (after - before) / 1048576.0,
        (double) (after - before) / chats);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
