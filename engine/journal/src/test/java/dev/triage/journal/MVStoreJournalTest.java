package dev.triage.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.triage.delivery.IdempotencyKeys;
import dev.triage.delivery.MessageLedger;
import dev.triage.verdict.Reasons;
import dev.triage.verdict.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MVStoreJournalTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final Duration DAY = Duration.ofDays(1);

  @TempDir Path dir;

  /** Counts calls and answers each with a network id made from the key. */
  private static final class CountingAdapter implements NetworkAdapter {
    final List<String> keys = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<DeliveryResult> deliver(String chatID, Action action, String key) {
      keys.add(key);
      return CompletableFuture.completedFuture(DeliveryResult.delivered("$net-" + key));
    }
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  @Test
  void resultsAndTheLedgerOutliveTheProcess() {
    Path file = dir.resolve("journal.mv.db");
    try (MVStoreJournal journal = MVStoreJournal.open(file, at(NOW), DAY, DAY)) {
      journal.record("!c", "tx-1", DeliveryResult.delivered("$m1"));
      journal.record("!c", "tx-2", DeliveryResult.permanent(Reasons.NO_PERMISSION, "refused"));
      journal.sent("!c", "$m1", NOW.minusSeconds(60));
      journal.edited("!c", "$m1");
    }

    try (MVStoreJournal reopened = MVStoreJournal.open(file, at(NOW), DAY, DAY)) {
      assertThat(reopened.recorded("!c", "tx-1")).contains(DeliveryResult.delivered("$m1"));
      assertThat(reopened.recorded("!c", "tx-2"))
          .contains(DeliveryResult.permanent(Reasons.NO_PERMISSION, "refused"));
      assertThat(reopened.recorded("!other", "tx-1")).isEmpty();
      assertThat(reopened.lookup("!c", "$m1"))
          .contains(new MessageLedger.Entry(NOW.minusSeconds(60), 1));
    }
  }

  @Test
  void whatIsTooOldIsPrunedOnOpen() {
    Path file = dir.resolve("journal.mv.db");
    try (MVStoreJournal journal = MVStoreJournal.open(file, at(NOW), DAY, DAY)) {
      journal.record("!c", "tx-1", DeliveryResult.delivered("$m1"));
      journal.sent("!c", "$m1", NOW);
    }

    try (MVStoreJournal later =
        MVStoreJournal.open(file, at(NOW.plus(DAY).plusSeconds(1)), DAY, DAY)) {
      assertThat(later.recorded("!c", "tx-1")).isEmpty();
      assertThat(later.lookup("!c", "$m1")).isEmpty();
    }
  }

  /** Delivers through a Delivery on a freshly opened journal, as a restarted process would. */
  private DeliveryOutcome deliverAfterOpening(Path file, Message message, NetworkAdapter network) {
    try (MVStoreJournal journal = MVStoreJournal.open(file, at(NOW), DAY, DAY)) {
      return new Delivery(at(NOW), journal, journal, 1000, DAY)
          .mediateAndDeliver("!c", message, Capabilities.none(), network)
          .toCompletableFuture()
          .join();
    }
  }

  @Test
  void aRepeatAfterARestartGetsTheFirstResultAndNothingIsSentAgain() {
    Path file = dir.resolve("journal.mv.db");
    Message message = new Message("tx-9", null, TextType.TEXT, "once", null, null, null, null);
    CountingAdapter network = new CountingAdapter();

    DeliveryOutcome first = deliverAfterOpening(file, message, network);
    DeliveryOutcome again = deliverAfterOpening(file, message, network);

    assertThat(first.sendStatus().status()).isEqualTo(Status.SUCCESS);
    assertThat(again.deliveries()).isEqualTo(first.deliveries());
    String key = IdempotencyKeys.key("!c", "tx-9", 1);
    assertThat(again.deliveries().get(0).messageID()).isEqualTo("$net-" + key);
    assertThat(network.keys).containsExactly(key);
  }

  @Test
  void aSendCutOffByACrashIsSettledAsPossiblyDeliveredAndNotSentAgain() {
    Path file = dir.resolve("journal.mv.db");
    MVStoreJournal crashed = MVStoreJournal.open(file, at(NOW), DAY, DAY);
    crashed.begin("!c", IdempotencyKeys.key("!c", "tx-cut", 1));
    crashed.begin("!c", "tx-failed");
    crashed.abandon("!c", "tx-failed");
    crashed.record("!c", "tx-abandoned-then-done", DeliveryResult.delivered("$d"));
    crashed.close(); // as far as the file goes, a kill after the last commit

    CountingAdapter desktopLike = new CountingAdapter();
    Message message = new Message("tx-cut", null, TextType.TEXT, "once", null, null, null, null);
    DeliveryOutcome repeat = deliverAfterOpening(file, message, desktopLike);

    assertThat(repeat.sendStatus().status()).isEqualTo(Status.FAIL_PERMANENT);
    assertThat(repeat.sendStatus().message()).contains("may have been delivered");
    assertThat(desktopLike.keys).isEmpty();
    try (MVStoreJournal reopened = MVStoreJournal.open(file, at(NOW), DAY, DAY)) {
      assertThat(reopened.recorded("!c", "tx-failed")).isEmpty();
    }
  }

  @Test
  void aFileThatIsNotAJournalIsRefusedSayingWhich() throws Exception {
    Path file = dir.resolve("not-a-journal.mv.db");
    Files.writeString(file, "hello, this is not an MVStore file");

    assertThatThrownBy(() -> MVStoreJournal.open(file, at(NOW), DAY, DAY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot open the journal")
        .hasMessageContaining("not-a-journal.mv.db");
  }

  @Test
  void anIdUsedAgainAfterARestartForADifferentActionIsRefused() {
    Path file = dir.resolve("journal.mv.db");
    CountingAdapter network = new CountingAdapter();
    deliverAfterOpening(
        file, new Message("tx-9", null, TextType.TEXT, "once", null, null, null, null), network);

    Message other = new Message("tx-9", null, TextType.TEXT, "other", null, null, null, null);
    assertThatThrownBy(() -> deliverAfterOpening(file, other, network))
        .hasCauseInstanceOf(IdReusedException.class);
    assertThat(network.keys).hasSize(1);
  }

  @Test
  void aFormatOneFileIsMigratedToPartKeys() {
    Path file = dir.resolve("journal.mv.db");
    // As the journal wrote it before part keys: the client's id for part 1, id#n for part n.
    org.h2.mvstore.MVStore old =
        new org.h2.mvstore.MVStore.Builder().fileName(file.toString()).open();
    org.h2.mvstore.MVMap<String, String> results = old.openMap("results");
    String ok = "{\"status\":\"SUCCESS\",\"messageID\":\"$m\",\"t\":" + NOW.toEpochMilli() + "}";
    results.put("!c\u0000tx-1", ok);
    results.put("!c\u0000tx-2#2", ok);
    results.put("!c\u0000tx#3#1", ok);
    old.<String, Long>openMap("begun").put("!c\u0000tx-3", NOW.toEpochMilli());
    old.commit();
    old.close();

    try (MVStoreJournal journal = MVStoreJournal.open(file, at(NOW), DAY, DAY)) {
      assertThat(journal.recorded("!c", IdempotencyKeys.key("!c", "tx-1", 1)))
          .contains(DeliveryResult.delivered("$m"));
      assertThat(journal.recorded("!c", IdempotencyKeys.key("!c", "tx-2", 2)))
          .contains(DeliveryResult.delivered("$m"));
      assertThat(journal.recorded("!c", IdempotencyKeys.key("!c", "tx#3#1", 1))).isPresent();
      assertThat(
              journal.recorded("!c", IdempotencyKeys.key("!c", "tx-3", 1)).orElseThrow().status())
          .isEqualTo(Status.FAIL_PERMANENT);
      assertThat(journal.recorded("!c", "tx-1")).isEmpty();
      assertThat(journal.results()).isEqualTo(4);
    }
    try (MVStoreJournal again = MVStoreJournal.open(file, at(NOW), DAY, DAY)) {
      assertThat(again.results()).isEqualTo(4); // migrated once
      assertThat(again.recorded("!c", IdempotencyKeys.key("!c", "tx-1", 1))).isPresent();
    }
  }

  @Test
  void deliveriesFinishingTogetherShareCommitsAndEveryResultIsKept() throws Exception {
    Path file = dir.resolve("journal.mv.db");
    int threads = 16;
    int each = 100;
    long commits;
    try (MVStoreJournal journal = MVStoreJournal.open(file, at(NOW), DAY, DAY)) {
      long before = journal.commits();
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(threads);
      try {
        List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          writes.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      journal.record(
                          "!c", "k" + thread + "-" + i + ".1", DeliveryResult.delivered("$m"));
                    }
                  }));
        }
        for (java.util.concurrent.Future<?> write : writes) {
          write.get();
        }
      } finally {
        pool.shutdownNow();
      }
      commits = journal.commits() - before;
    }

    try (MVStoreJournal reopened = MVStoreJournal.open(file, at(NOW), DAY, DAY)) {
      assertThat(reopened.results()).isEqualTo(threads * each);
    }
    System.out.println(
        threads * each + " results from " + threads + " threads: " + commits + " commits");
    assertThat(commits).isLessThanOrEqualTo(threads * each);
  }

  @Test
  void resultsRecordedWithoutWaitingShareCommitsAndAreKeptWhenTheyComplete() throws Exception {
    Path file = dir.resolve("journal.mv.db");
    int inFlight = 500;
    long commits;
    try (MVStoreJournal journal = MVStoreJournal.open(file, at(NOW), DAY, DAY)) {
      long before = journal.commits();
      List<java.util.concurrent.CompletableFuture<Void>> kept = new java.util.ArrayList<>();
      // One thread starts them all: none of them waits for a commit before the next is recorded.
      for (int i = 0; i < inFlight; i++) {
        kept.add(
            journal
                .recordAsync("!c", "k" + i + ".1", DeliveryResult.delivered("$m" + i))
                .toCompletableFuture());
      }
      java.util.concurrent.CompletableFuture.allOf(
              kept.toArray(new java.util.concurrent.CompletableFuture[0]))
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
      commits = journal.commits() - before;
    }
    try (MVStoreJournal reopened = MVStoreJournal.open(file, at(NOW), DAY, DAY)) {
      assertThat(reopened.results()).isEqualTo(inFlight);
      assertThat(reopened.recorded("!c", "k499.1")).contains(DeliveryResult.delivered("$m499"));
    }
    assertThat(commits).isBetween(1L, (long) inFlight - 1);
  }

  @Test
  void aClaimNotesThePartDurablyBeforeItsStageCompletes() throws Exception {
    Path file = dir.resolve("journal.mv.db");
    try (MVStoreJournal journal = MVStoreJournal.open(file, at(NOW), DAY, DAY)) {
      Claim claim =
          journal
              .claim("!c", "k.1", false)
              .toCompletableFuture()
              .get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(claim.answer()).isEmpty();
      // Killed now, the part was begun and never finished: settled as possibly delivered.
    }
    try (MVStoreJournal reopened = MVStoreJournal.open(file, at(NOW), DAY, DAY)) {
      assertThat(reopened.recorded("!c", "k.1").orElseThrow().status())
          .isEqualTo(Status.FAIL_PERMANENT);
    }
  }

  @Test
  void recordingAfterCloseFailsSayingSo() {
    MVStoreJournal journal = MVStoreJournal.open(dir.resolve("journal.mv.db"), at(NOW), DAY, DAY);
    journal.close();
    assertThatThrownBy(() -> journal.record("!c", "k.1", DeliveryResult.delivered("$m")))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void whatIsTooOldIsPrunedWhileTheJournalIsOpen() throws Exception {
    Path file = dir.resolve("journal.mv.db");
    java.util.concurrent.atomic.AtomicReference<Instant> now =
        new java.util.concurrent.atomic.AtomicReference<>(NOW);
    Clock moving =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    try (MVStoreJournal journal =
        MVStoreJournal.open(file, moving, DAY, DAY, Duration.ofMillis(20))) {
      journal.record("!c", "tx-1", DeliveryResult.delivered("$m1"));
      Thread.sleep(100);
      assertThat(journal.recorded("!c", "tx-1")).isPresent();

      now.set(NOW.plus(DAY).plusSeconds(1));
      long deadline = System.currentTimeMillis() + 5_000;
      while (journal.recorded("!c", "tx-1").isPresent() && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertThat(journal.recorded("!c", "tx-1")).isEmpty();
    }
  }
}
