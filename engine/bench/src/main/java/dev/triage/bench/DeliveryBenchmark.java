package dev.triage.bench;

import dev.triage.action.Action;
import dev.triage.action.Message;
import dev.triage.action.TextType;
import dev.triage.adapter.DeliveryResult;
import dev.triage.adapter.NetworkAdapter;
import dev.triage.capability.Capabilities;
import dev.triage.config.ShippedProfiles;
import dev.triage.delivery.Delivery;
import dev.triage.delivery.DeliveryOutcome;
import dev.triage.delivery.MessageLedger;
import dev.triage.journal.MVStoreJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What delivery costs on top of the decision, and what the durable journal adds: one new message
 * through {@link Delivery} to an adapter that answers at once, with the in-memory ledger and with
 * an {@link MVStoreJournal}: for a network that does not deduplicate keys (a note before sending
 * and the result after, two commits) and for one that does (the result only, one commit).
 *
 * <p>The {@code concurrent*} benchmarks keep 1, 16 or 64 journaled deliveries in flight at once, as
 * the sidecar does under load: the journal is written on {@link #JOURNAL_THREADS} threads of its
 * own, as {@code TriageServer} sets it up, and deliveries finishing together share one commit. They
 * report deliveries per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DeliveryBenchmark {
  /** As many as {@code TriageServer} gives the MVStore journal. */
  static final int JOURNAL_THREADS = 8;

  private static final NetworkAdapter IMMEDIATE =
      new NetworkAdapter() {
        @Override
        public CompletionStage<DeliveryResult> deliver(String chatID, Action action, String key) {
          return CompletableFuture.completedFuture(DeliveryResult.delivered("$" + key));
        }
      };

  /** The same, for a network that deduplicates keys (a webhook): no note before sending. */
  private static final NetworkAdapter IMMEDIATE_DEDUPLICATING =
      new NetworkAdapter() {
        @Override
        public CompletionStage<DeliveryResult> deliver(String chatID, Action action, String key) {
          return CompletableFuture.completedFuture(DeliveryResult.delivered("$" + key));
        }

        @Override
        public boolean deduplicatesKeys() {
          return true;
        }
      };

  private final Capabilities whatsapp = ShippedProfiles.get("whatsapp").orElseThrow();
  private Delivery inMemory;
  private Delivery journaled;
  private Delivery journaledOnThreads;
  private ExecutorService journalThreads;
  private MVStoreJournal journal;
  private Path dir;
  private long sequence;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Clock clock = Clock.systemUTC();
    Duration day = Duration.ofDays(1);
    inMemory = new Delivery(clock, MessageLedger.inMemory(100_000), 100_000, day);
    dir = Files.createTempDirectory("triage-bench");
    journal = MVStoreJournal.open(dir.resolve("journal.mv.db"), clock, day, day);
    journaled = new Delivery(clock, journal, journal, 100_000, day);
    journalThreads = Executors.newFixedThreadPool(JOURNAL_THREADS);
    journaledOnThreads =
        Delivery.builder()
            .clock(clock)
            .ledger(journal)
            .journal(journal)
            .journalOn(journalThreads)
            .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, InterruptedException {
    journalThreads.shutdown();
    journalThreads.awaitTermination(10, TimeUnit.SECONDS);
    journal.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private Message next() {
    String id = "tx-" + sequence++;
    return new Message(id, null, TextType.TEXT, "Lunch at noon?", null, null, null, null);
  }

  @Benchmark
  public DeliveryOutcome deliverInMemory() {
    return inMemory
        .mediateAndDeliver("!c", next(), whatsapp, IMMEDIATE)
        .toCompletableFuture()
        .join();
  }

  @Benchmark
  public DeliveryOutcome deliverJournaled() {
    return journaled
        .mediateAndDeliver("!c", next(), whatsapp, IMMEDIATE)
        .toCompletableFuture()
        .join();
  }

  @Benchmark
  public DeliveryOutcome deliverJournaledDeduplicating() {
    return journaled
        .mediateAndDeliver("!c", next(), whatsapp, IMMEDIATE_DEDUPLICATING)
        .toCompletableFuture()
        .join();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public DeliveryOutcome concurrent1() {
    return inFlight(1);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(16)
  public DeliveryOutcome concurrent16() {
    return inFlight(16);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(64)
  public DeliveryOutcome concurrent64() {
    return inFlight(64);
  }

  /**
   * Starts {@code n} journaled deliveries to a network that does not deduplicate keys (a note
   * before sending and the result after, each committed) and waits for them all.
   */
  private DeliveryOutcome inFlight(int n) {
    @SuppressWarnings("unchecked")
    CompletableFuture<DeliveryOutcome>[] deliveries = new CompletableFuture[n];
    for (int i = 0; i < n; i++) {
      deliveries[i] =
          journaledOnThreads
              .mediateAndDeliver("!c", next(), whatsapp, IMMEDIATE)
              .toCompletableFuture();
    }
    CompletableFuture.allOf(deliveries).join();
    return deliveries[n - 1].join();
  }
}
