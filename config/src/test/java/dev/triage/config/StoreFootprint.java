package dev.triage.config;

import dev.triage.json.CapabilityDelta;
import dev.triage.json.TriageJson;
import dev.triage.store.CapabilityStore;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;

/**
 * Measures the capability store's heap after GC. A measurement, not a test. Three shapes:
 *
 * <ul>
 *   <li>{@code mixed CHATS SHARE}: chats spread over the shipped profiles, a {@code SHARE} of them
 *       with one of three deltas;
 *   <li>{@code fewDeltas CHATS N}: every chat on one network with its own delta {@code
 *       {"max_text_length": n}}, n from a set of {@code N} values (as many chats with a few
 *       different limits, e.g. {@code PUT /v1/chats/!c<n>:x/capabilities?profile=telegram});
 *   <li>{@code distinctDeltas CHATS}: the same, every n distinct: nothing to share.
 * </ul>
 *
 * Every delta is parsed anew, as a PUT or a configuration line would be. Run it with
 *
 * <pre>
 * mvn -B -q -pl config -am test-compile exec:java -Dexec.mainClass=dev.triage.config.StoreFootprint \
 *     -Dexec.classpathScope=test -Dexec.args="distinctDeltas 1000000"
 * </pre>
 *
 * The store's cap is raised to the number of chats for the run.
 */
public final class StoreFootprint {
  private StoreFootprint() {}

  public static void main(String[] args) {
    String shape = args.length > 0 ? args[0] : "mixed";
    int chats = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    TriageConfig embedded = TriageConfig.embedded();
    TriageConfig.Server defaults = embedded.server();
    TriageConfig config =
        new TriageConfig(
            new TriageConfig.Server(
                defaults.host(),
                defaults.port(),
                defaults.token(),
                defaults.bodyLimit(),
                defaults.requestTimeout(),
                defaults.tls(),
                defaults.journal(),
                Math.max(chats + embedded.chats().size(), 1),
                defaults.limits()),
            embedded.logging(),
            embedded.defaultNetwork(),
            embedded.networks(),
            embedded.chats());
    long before = usedHeapAfterGc();
    CapabilityStore store = config.newStore();
    long start = System.nanoTime();
    String detail;
    switch (shape) {
      case "mixed":
        detail = mixed(store, chats, args.length > 2 ? Double.parseDouble(args[2]) : 0.01);
        break;
      case "fewDeltas":
        detail = maxTextLengths(store, chats, args.length > 2 ? Integer.parseInt(args[2]) : 16);
        break;
      case "distinctDeltas":
        detail = maxTextLengths(store, chats, chats);
        break;
      default:
        throw new IllegalArgumentException(
            "shape: mixed, fewDeltas or distinctDeltas, got " + shape);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    long after = usedHeapAfterGc();
    System.out.printf(
        "shape=%s chats=%d %s heap(store)=%.1f MiB (%.0f bytes/chat) filled in %d ms"
            + " (%.0f chats/s); Java %s, -Xmx %d MiB%n",
        shape,
        store.size(),
        detail,
        (after - before) / 1048576.0,
        (double) (after - before) / chats,
        millis,
        chats * 1000.0 / Math.max(1, millis),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() / 1048576);
  }

  /** Chats over every network, a share of them with one of three deltas. */
  private static String mixed(CapabilityStore store, int chats, double overrideShare) {
    List<String> networks = List.copyOf(store.networks());
    List<CapabilityDelta> deltas =
        List.of(
            CapabilityDelta.of(TriageJson.parse("{\"edit\": 0}")),
            CapabilityDelta.of(
                TriageJson.parse("{\"formatting\": {\"bold\": -1}, \"max_text_length\": 1000}")),
            CapabilityDelta.of(
                TriageJson.parse(
                    "{\"reaction_count\": 3, \"allowed_reactions\": [\"👍\", \"❤️\"]}")));
    Random random = new Random(42);
    int overrides = 0;
    for (int i = 0; i < chats; i++) {
      String chatID = "!" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + ":example.org";
      String network = networks.get(i % networks.size());
      if (random.nextDouble() < overrideShare) {
        CapabilityDelta delta = CapabilityDelta.of(deltas.get(overrides % deltas.size()).patch());
        store.assign(chatID, network, delta);
        overrides++;
      } else {
        store.assign(chatID, network, null);
      }
    }
    return "overrides=" + overrides + " networks=" + networks.size();
  }

  /** Chats {@code !c<i>:x} on telegram, each with {@code {"max_text_length": n}}. */
  private static String maxTextLengths(CapabilityStore store, int chats, int values) {
    for (int i = 0; i < chats; i++) {
      int n = 1000 + i % values;
      store.assign(
          "!c" + i + ":x",
          "telegram",
          CapabilityDelta.of(TriageJson.parse("{\"max_text_length\":" + n + "}")));
    }
    // Every chat still resolves to its own limit.
    for (int i = 0; i < chats; i += Math.max(1, chats / 1000)) {
      int got = store.resolve("!c" + i + ":x").maxTextLength();
      if (got != 1000 + i % values) {
        throw new AssertionError("!c" + i + ":x resolved to max_text_length " + got);
      }
    }
    return "distinct-deltas=" + Math.min(values, chats);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
