package dev.triage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Action;
import dev.triage.action.Message;
import dev.triage.action.TextType;
import dev.triage.adapter.DeliveryResult;
import dev.triage.adapter.NetworkAdapter;
import dev.triage.capability.Capabilities;
import dev.triage.delivery.Claim;
import dev.triage.delivery.Delivery;
import dev.triage.delivery.DeliveryOutcome;
import dev.triage.delivery.IdReusedException;
import dev.triage.delivery.MessageLedger;
import dev.triage.json.TriageJson;
import dev.triage.verdict.Reasons;
import dev.triage.verdict.Status;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances ({@link PostgresStorage}s with ids of their own) on one database. */
final class PostgresJournalTest {
  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration MONTH = Duration.ofDays(30);

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
  }

  private PostgresStorage instance(PostgresStorage.Settings settings, Clock clock) {
    PostgresStorage storage = PostgresStorage.open(settings, clock);
    open.add(storage);
    return storage;
  }

  private PostgresStorage instance(PostgresStorage.Settings settings) {
    return instance(settings, Clock.systemUTC());
  }

  private static Claim now(CompletionStage<Claim> claim) throws Exception {
    return claim.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aResultAndTheLedgerAreSharedByEveryInstance() {
    PostgresStorage.Settings db = TestDatabase.fresh();
    PostgresJournal a = instance(db).journal(DAY, MONTH);
    PostgresJournal b = instance(db).journal(DAY, MONTH);

    a.record("!c", "k.1", DeliveryResult.delivered("$m1"));
    a.sent("!c", "$m1", Instant.parse("2026-11-26T10:00:00Z"));
    b.edited("!c", "$m1");

    assertThat(b.recorded("!c", "k.1")).contains(DeliveryResult.delivered("$m1"));
    assertThat(b.recorded("!other", "k.1")).isEmpty();
    assertThat(a.lookup("!c", "$m1"))
        .contains(new MessageLedger.Entry(Instant.parse("2026-11-26T10:00:00Z"), 1));
    b.deleted("!c", "$m1");
    assertThat(a.lookup("!c", "$m1")).isEmpty();
  }

  @Test
  void theFirstFinalResultStands() {
    PostgresJournal journal = instance(TestDatabase.fresh()).journal(DAY, MONTH);

    journal.record("!c", "k.1", DeliveryResult.delivered("$first"));
    journal.record("!c", "k.1", DeliveryResult.permanent(Reasons.NO_PERMISSION, "later"));

    assertThat(journal.recorded("!c", "k.1")).contains(DeliveryResult.delivered("$first"));
  }

  @Test
  void racingClaimsOnTwoInstancesHaveExactlyOneWinnerAndEveryoneGetsItsAnswer() throws Exception {
    PostgresStorage.Settings db = TestDatabase.fresh();
    PostgresJournal[] instances = {
      instance(db).journal(DAY, MONTH), instance(db).journal(DAY, MONTH)
    };
    int keys = 200;
    int racers = 10;
    ExecutorService threads = Executors.newFixedThreadPool(racers);
    try {
      AtomicInteger winners = new AtomicInteger();
      Map<String, AtomicInteger> winnersByKey = new ConcurrentHashMap<>();
      List<Future<DeliveryResult>> answers = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        String key = "stem" + k + ".1";
        CountDownLatch start = new CountDownLatch(1);
        for (int r = 0; r < racers; r++) {
          PostgresJournal journal = instances[r % 2];
          answers.add(
              threads.submit(
                  () -> {
                    start.await();
                    Claim claim = now(journal.claim("!c", key, true));
                    if (claim.answer().isPresent()) {
                      return claim.answer().get();
                    }
                    winners.incrementAndGet();
                    winnersByKey.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet();
                    DeliveryResult result = DeliveryResult.delivered("$" + key);
                    journal.record("!c", key, result);
                    return result;
                  }));
        }
        start.countDown();
      }
      for (int i = 0; i < answers.size(); i++) {
        DeliveryResult answer = answers.get(i).get(60, TimeUnit.SECONDS);
        assertThat(answer).isEqualTo(DeliveryResult.delivered("$stem" + (i / racers) + ".1"));
      }
      assertThat(winners).hasValue(keys);
      assertThat(winnersByKey.values()).allSatisfy(count -> assertThat(count).hasValue(1));
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aRepeatOnAnotherInstanceWaitsForTheFirstResult() throws Exception {
    PostgresStorage.Settings db = TestDatabase.fresh();
    PostgresJournal a = instance(db).journal(DAY, MONTH);
    PostgresJournal b = instance(db).journal(DAY, MONTH);

    assertThat(now(a.claim("!c", "k.1", false)).answer()).isEmpty();
    CompletableFuture<Claim> waiting = b.claim("!c", "k.1", false).toCompletableFuture();
    Thread.sleep(300);
    assertThat(waiting).isNotDone();
    a.record("!c", "k.1", DeliveryResult.delivered("$m"));

    assertThat(now(waiting).answer()).contains(DeliveryResult.delivered("$m"));
  }

  @Test
  void aRepeatThatWaitsTooLongFailsRetriablyAndSendsNothing() throws Exception {
    PostgresStorage.Settings db = TestDatabase.fresh(Duration.ofMillis(300));
    PostgresJournal a = instance(db).journal(DAY, MONTH);
    PostgresJournal b = instance(db).journal(DAY, MONTH);

    assertThat(now(a.claim("!c", "k.1", true)).answer()).isEmpty();
    DeliveryResult answer = now(b.claim("!c", "k.1", true)).answer().orElseThrow();

    assertThat(answer.status()).isEqualTo(Status.FAIL_RETRIABLE);
    assertThat(answer.message()).contains("in progress elsewhere");
    // The owner failed retriably: the claim goes, and the repeat may try.
    a.abandon("!c", "k.1");
    assertThat(now(b.claim("!c", "k.1", true)).answer()).isEmpty();
  }

  @Test
  void aPartCutOffByACrashIsSettledOrTakenOverAsTheNetworkAllows() throws Exception {
    PostgresStorage.Settings db = TestDatabase.fresh();
    PostgresStorage crashing = PostgresStorage.open(db, Clock.systemUTC());
    PostgresJournal dead = crashing.journal(DAY, MONTH);
    PostgresJournal alive = instance(db).journal(DAY, MONTH);
    assertThat(now(dead.claim("!c", "unsafe.1", false)).answer()).isEmpty();
    assertThat(now(dead.claim("!c", "safe.1", true)).answer()).isEmpty();
    crashing.close(); // its heartbeat stops and its row goes, as after kill -9 and 5 s

    DeliveryResult unsafe = now(alive.claim("!c", "unsafe.1", false)).answer().orElseThrow();
    assertThat(unsafe.status()).isEqualTo(Status.FAIL_PERMANENT);
    assertThat(unsafe.message()).contains("may have been delivered");
    assertThat(now(alive.claim("!c", "unsafe.1", false)).answer()).contains(unsafe);
    // A network that drops a second delivery under the same key gets it again.
    assertThat(now(alive.claim("!c", "safe.1", true)).answer()).isEmpty();
  }

  @Test
  void aClaimPendingLongerThanAnyDeliveryTakesIsTakenOverThoughItsInstanceLives() throws Exception {
    PostgresStorage.Settings db = TestDatabase.fresh(Duration.ofMillis(300));
    Instant then = Instant.now();
    PostgresJournal stuck = instance(db, Clock.fixed(then, ZoneOffset.UTC)).journal(DAY, MONTH);
    PostgresJournal later =
        instance(db, Clock.fixed(then.plus(Duration.ofMinutes(6)), ZoneOffset.UTC))
            .journal(DAY, MONTH);
    assertThat(now(stuck.claim("!c", "safe.1", true)).answer()).isEmpty();
    assertThat(now(stuck.claim("!c", "unsafe.1", false)).answer()).isEmpty();

    assertThat(now(later.claim("!c", "safe.1", true)).answer()).isEmpty();
    assertThat(now(later.claim("!c", "unsafe.1", false)).answer().orElseThrow().message())
        .contains("may have been delivered");
  }

  @Test
  void anIdIsTakenByOneActionAcrossInstances() {
    PostgresStorage.Settings db = TestDatabase.fresh();
    PostgresJournal a = instance(db).journal(DAY, MONTH);
    PostgresJournal b = instance(db).journal(DAY, MONTH);

    assertThat(a.claimFingerprint("!c", "stem", "first")).isEqualTo("first");
    assertThat(b.claimFingerprint("!c", "stem", "second")).isEqualTo("first");
    assertThat(b.fingerprint("!c", "stem")).contains("first");
    assertThat(b.claimFingerprint("!d", "stem", "second")).isEqualTo("second");
  }

  @Test
  void concurrentEditsOnTwoInstancesAllCount() throws Exception {
    PostgresStorage.Settings db = TestDatabase.fresh();
    PostgresJournal a = instance(db).journal(DAY, MONTH);
    PostgresJournal b = instance(db).journal(DAY, MONTH);
    a.sent("!c", "$m", Instant.now());
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> edits = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        PostgresJournal journal = i % 2 == 0 ? a : b;
        edits.add(threads.submit(() -> journal.edited("!c", "$m")));
      }
      for (Future<?> edit : edits) {
        edit.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(b.lookup("!c", "$m").orElseThrow().editCount()).isEqualTo(2000);
  }

  @Test
  void whatIsTooOldIsPruned() throws Exception {
    PostgresStorage.Settings db = TestDatabase.fresh();
    Instant then = Instant.parse("2026-11-01T00:00:00Z");
    PostgresJournal old = instance(db, Clock.fixed(then, ZoneOffset.UTC)).journal(DAY, MONTH);
    old.record("!c", "k.1", DeliveryResult.delivered("$m"));
    old.claimFingerprint("!c", "k", "f");
    old.sent("!c", "$m", then);
    old.sent("!c", "$recent", then.plus(Duration.ofDays(20)));

    PostgresJournal later =
        instance(db, Clock.fixed(then.plus(Duration.ofDays(25)), ZoneOffset.UTC))
            .journal(DAY, MONTH);

    assertThat(later.recorded("!c", "k.1")).isEmpty();
    assertThat(later.fingerprint("!c", "k")).isEmpty();
    assertThat(later.lookup("!c", "$m")).isPresent(); // 25 days: the ledger keeps 30
    assertThat(later.lookup("!c", "$recent")).isPresent();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT count(*) FROM triage_parts")) {
      rows.next();
      assertThat(rows.getInt(1)).isZero();
    }
  }

  /** Counts what reaches the network, by key. */
  private static final class CountingAdapter implements NetworkAdapter {
    final List<String> keys = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<DeliveryResult> deliver(String chatID, Action action, String key) {
      keys.add(key);
      return CompletableFuture.supplyAsync(
          () -> DeliveryResult.delivered("$net-" + key),
          CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
    }

    @Override
    public boolean deduplicatesKeys() {
      return true;
    }
  }

  private static Delivery delivery(PostgresStorage storage) {
    PostgresJournal journal = storage.journal(DAY, MONTH);
    return Delivery.builder()
        .journal(journal)
        .ledger(journal)
        .journalOn(storage.executor())
        .build();
  }

  private static Message message(String id, String text) {
    return new Message(id, null, TextType.TEXT, text, null, null, null, null);
  }

  @Test
  void theSameActionSentToTwoInstancesAtOnceIsDeliveredOnceAndAnsweredAlike() throws Exception {
    PostgresStorage.Settings db = TestDatabase.fresh();
    Delivery a = delivery(instance(db));
    Delivery b = delivery(instance(db));
    CountingAdapter network = new CountingAdapter();
    Capabilities caps = TriageJson.readCapabilities(TriageJson.parse("{}"));

    List<CompletableFuture<DeliveryOutcome>> outcomes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Message action = message("tx-" + i, "hello " + i);
      outcomes.add(a.mediateAndDeliver("!c", action, caps, network).toCompletableFuture());
      outcomes.add(b.mediateAndDeliver("!c", action, caps, network).toCompletableFuture());
    }
    for (int i = 0; i < outcomes.size(); i += 2) {
      DeliveryOutcome first = outcomes.get(i).get(30, TimeUnit.SECONDS);
      DeliveryOutcome second = outcomes.get(i + 1).get(30, TimeUnit.SECONDS);
      assertThat(first.deliveries()).isEqualTo(second.deliveries());
      assertThat(first.sendStatus().status()).isEqualTo(Status.SUCCESS);
    }
    assertThat(network.keys).hasSize(50).doesNotHaveDuplicates();

    // The same id for another action is refused on either instance.
    CompletableFuture<DeliveryOutcome> reused =
        b.mediateAndDeliver("!c", message("tx-0", "something else"), caps, network)
            .toCompletableFuture();
    assertThat(reused).failsWithin(Duration.ofSeconds(10));
    assertThat(reused.handle((ok, failure) -> failure).get()).isInstanceOf(IdReusedException.class);
  }
}
