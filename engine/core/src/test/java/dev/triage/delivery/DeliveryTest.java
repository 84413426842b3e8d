package dev.triage.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.action.Action;
import dev.triage.action.Delete;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.action.TextType;
import dev.triage.action.Typing;
import dev.triage.adapter.CapabilitySource;
import dev.triage.adapter.DeliveryResult;
import dev.triage.adapter.NetworkAdapter;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.verdict.Decision;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Reasons;
import dev.triage.verdict.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class DeliveryTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  /** Records what it is given; answers with the scripted results, then success. */
  private static class Recording implements NetworkAdapter {
    final List<String> keys = Collections.synchronizedList(new ArrayList<>());
    final List<Action> actions = Collections.synchronizedList(new ArrayList<>());
    final List<DeliveryResult> script = new ArrayList<>();
    final AtomicInteger ids = new AtomicInteger();
    CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    @Override
    public CompletionStage<DeliveryResult> deliver(
        String chatID, Action action, String idempotencyKey) {
      keys.add(idempotencyKey);
      actions.add(action);
      DeliveryResult result;
      synchronized (script) {
        result =
            script.isEmpty()
                ? DeliveryResult.delivered("$" + ids.incrementAndGet())
                : script.remove(0);
      }
      return gate.thenApply(ignored -> result);
    }
  }

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Delivery delivery =
      new Delivery(clock, MessageLedger.inMemory(100), 100, Duration.ofHours(1));
  private final Capabilities caps =
      Capabilities.builder()
          .edit(Level.FULL)
          .editMaxCount(1)
          .delete(Level.FULL)
          .deleteMaxAge(Duration.ofMinutes(5))
          .maxTextLength(5)
          .typingNotifications(false)
          .build();

  private DeliveryOutcome deliver(Action action, NetworkAdapter adapter) {
    return delivery.mediateAndDeliver("!c", action, caps, adapter).toCompletableFuture().join();
  }

  /** A network that says what its chats support, when it answers. */
  private static final class Knowing extends Recording implements CapabilitySource {
    final CompletableFuture<java.util.Optional<Capabilities>> answer = new CompletableFuture<>();

    @Override
    public CompletionStage<java.util.Optional<Capabilities>> capabilities(String chatID) {
      return answer;
    }
  }

  @Test
  void aNetworkThatSaysWhatAChatSupportsIsAskedAndDecidingThenRunsOnTheGivenExecutor() {
    List<String> ranOn = Collections.synchronizedList(new ArrayList<>());
    Delivery onWorkers =
        Delivery.builder()
            .clock(clock)
            .mediateOn(
                task -> {
                  ranOn.add("worker");
                  task.run();
                })
            .build();
    Knowing network = new Knowing();
    Capabilities noEdits = Capabilities.builder().edit(Level.REJECTED).build();

    CompletionStage<DeliveryOutcome> running =
        onWorkers.lookUpAndDeliver(
            "!c", new Edit(null, null, "$m", NOW.toEpochMilli(), 0, "fixed", null), network, caps);
    network.answer.complete(java.util.Optional.of(noEdits));
    DeliveryOutcome outcome = running.toCompletableFuture().join();

    assertThat(outcome.verdict().decision())
        .as("the network's answer, not the fallback")
        .isEqualTo(Decision.REJECT);
    assertThat(ranOn)
        .as("deciding after the network answered left the answering thread")
        .isNotEmpty();
    assertThat(network.actions).isEmpty();
  }

  @Test
  void aNetworkThatCannotSayLeavesTheFallback() {
    Knowing network = new Knowing();
    network.answer.completeExceptionally(new IllegalStateException("down"));

    DeliveryOutcome outcome =
        delivery
            .lookUpAndDeliver(
                "!c",
                new Message(null, null, TextType.TEXT, "hi", null, null, null, null, false),
                network,
                caps)
            .toCompletableFuture()
            .join();

    assertThat(outcome.verdict().decision()).isEqualTo(Decision.FORWARD);
    assertThat(network.actions).hasSize(1);
  }

  @Test
  void aMediatorGivenIsTheOneThatDecides() {
    Clock later = Clock.fixed(NOW.plus(Duration.ofDays(1)), ZoneOffset.UTC);
    Delivery withItsOwn =
        Delivery.builder().clock(clock).mediator(dev.triage.rule.Mediator.create(later)).build();

    DeliveryOutcome outcome =
        withItsOwn
            .mediateAndDeliver(
                "!c", new Delete(null, null, "$m", NOW.toEpochMilli(), true), caps, new Recording())
            .toCompletableFuture()
            .join();

    assertThat(outcome.verdict().decision())
        .as("a day after sending, past delete_max_age by the given mediator's clock")
        .isEqualTo(Decision.REJECT);
  }

  @Test
  void everyPartIsDeliveredInOrderWithItsOwnKey() {
    Recording adapter = new Recording();

    DeliveryOutcome outcome =
        deliver(
            new Message("tx", null, TextType.TEXT, "Hi. Bye.", null, null, null, null), adapter);

    assertThat(outcome.verdict().decision()).isEqualTo(Decision.DEGRADE);
    assertThat(adapter.keys)
        .containsExactly(IdempotencyKeys.key("!c", "tx", 1), IdempotencyKeys.key("!c", "tx", 2));
    assertThat(outcome.deliveries())
        .extracting(DeliveryResult::messageID)
        .containsExactly("$1", "$2");
    assertThat(outcome.sendStatus().status()).isEqualTo(Status.SUCCESS);
  }

  /** Runs on {@code thread} a little later, as a commit does: Delivery finds the stage pending. */
  private static java.util.concurrent.Executor later(java.util.concurrent.Executor thread) {
    return CompletableFuture.delayedExecutor(
        50, java.util.concurrent.TimeUnit.MILLISECONDS, thread);
  }

  @Test
  void aJournalThatCompletesOnItsOwnThreadDoesNotRunTheAdapterThere() throws Exception {
    // As a journal that groups commits does: claims and results are durable later, on its thread.
    java.util.concurrent.ExecutorService commitThread =
        java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "commit"));
    java.util.concurrent.ExecutorService journalThreads =
        java.util.concurrent.Executors.newFixedThreadPool(2, r -> new Thread(r, "journal"));
    List<String> recorded = Collections.synchronizedList(new ArrayList<>());
    DeliveryJournal later =
        new DeliveryJournal() {
          @Override
          public java.util.Optional<DeliveryResult> recorded(String chatID, String key) {
            return java.util.Optional.empty();
          }

          @Override
          public void record(String chatID, String key, DeliveryResult result) {
            throw new AssertionError("Delivery records without waiting");
          }

          @Override
          public CompletionStage<Void> recordAsync(
              String chatID, String key, DeliveryResult result) {
            recorded.add(key);
            return CompletableFuture.runAsync(() -> {}, later(commitThread));
          }

          @Override
          public CompletionStage<Claim> claim(String chatID, String key, boolean deduplicates) {
            return CompletableFuture.supplyAsync(Claim::deliver, later(commitThread));
          }
        };
    List<String> adapterThreads = Collections.synchronizedList(new ArrayList<>());
    Recording adapter =
        new Recording() {
          @Override
          public CompletionStage<DeliveryResult> deliver(String chatID, Action action, String key) {
            adapterThreads.add(Thread.currentThread().getName());
            return super.deliver(chatID, action, key);
          }
        };
    try {
      Delivery journaled =
          Delivery.builder().clock(clock).journal(later).journalOn(journalThreads).build();
      DeliveryOutcome outcome =
          journaled
              .mediateAndDeliver(
                  "!c",
                  new Message("tx", null, TextType.TEXT, "Hi. Bye.", null, null, null, null),
                  caps,
                  adapter)
              .toCompletableFuture()
              .get(10, java.util.concurrent.TimeUnit.SECONDS);

      assertThat(outcome.sendStatus().status()).isEqualTo(Status.SUCCESS);
      assertThat(recorded)
          .containsExactly(IdempotencyKeys.key("!c", "tx", 1), IdempotencyKeys.key("!c", "tx", 2));
      assertThat(adapterThreads).containsOnly("journal").hasSize(2);
    } finally {
      commitThread.shutdownNow();
      journalThreads.shutdownNow();
    }
  }

  @Test
  void aJournalFailingOnItsOwnThreadHandsTheFailureBackOnTheJournalExecutor() throws Exception {
    java.util.concurrent.ExecutorService commitThread =
        java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "commit"));
    java.util.concurrent.ExecutorService journalThreads =
        java.util.concurrent.Executors.newFixedThreadPool(2, r -> new Thread(r, "journal"));
    DeliveryJournal failing =
        new DeliveryJournal() {
          @Override
          public java.util.Optional<DeliveryResult> recorded(String chatID, String key) {
            return java.util.Optional.empty();
          }

          @Override
          public void record(String chatID, String key, DeliveryResult result) {}

          @Override
          public CompletionStage<Void> recordAsync(
              String chatID, String key, DeliveryResult result) {
            // Later, as a commit is: the stage is still pending when Delivery continues it.
            return CompletableFuture.runAsync(
                () -> {
                  throw new IllegalStateException("disk full");
                },
                later(commitThread));
          }
        };
    try {
      Delivery journaled =
          Delivery.builder().clock(clock).journal(failing).journalOn(journalThreads).build();
      CompletableFuture<String> completedOn = new CompletableFuture<>();
      journaled
          .mediateAndDeliver("!c", Message.text("Hi."), caps, new Recording())
          .whenComplete(
              (outcome, failure) -> completedOn.complete(Thread.currentThread().getName()));

      assertThat(completedOn.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("journal");
    } finally {
      commitThread.shutdownNow();
      journalThreads.shutdownNow();
    }
  }

  @Test
  void aRepeatedIdReturnsTheFirstAnswerAndDeliversNothingAgain() {
    Recording adapter = new Recording();
    Message message = new Message("tx", null, TextType.TEXT, "Hi", null, null, null, null);

    DeliveryOutcome first = deliver(message, adapter);
    DeliveryOutcome again = deliver(message, adapter);

    assertThat(again).isSameAs(first);
    assertThat(adapter.actions).hasSize(1);
  }

  @Test
  void aConcurrentRepeatWaitsForTheFirst() {
    Recording adapter = new Recording();
    adapter.gate = new CompletableFuture<>();
    Message message = new Message("tx", null, TextType.TEXT, "Hi", null, null, null, null);

    CompletableFuture<DeliveryOutcome> first =
        delivery.mediateAndDeliver("!c", message, caps, adapter).toCompletableFuture();
    CompletableFuture<DeliveryOutcome> second =
        delivery.mediateAndDeliver("!c", message, caps, adapter).toCompletableFuture();
    assertThat(second).isNotDone();
    adapter.gate.complete(null);

    assertThat(second.join()).isSameAs(first.join());
    assertThat(adapter.actions).hasSize(1);
  }

  @Test
  void aRetriableFailureIsNotKeptSoARetryTriesAgain() {
    Recording adapter = new Recording();
    adapter.script.add(DeliveryResult.retriable(Reasons.BRIDGE_UNAVAILABLE, "down"));
    Message message = new Message("tx", null, TextType.TEXT, "Hi", null, null, null, null);

    DeliveryOutcome failed = deliver(message, adapter);
    DeliveryOutcome retried = deliver(message, adapter);

    assertThat(failed.sendStatus().status()).isEqualTo(Status.FAIL_RETRIABLE);
    assertThat(retried.sendStatus().status()).isEqualTo(Status.SUCCESS);
    assertThat(adapter.actions).hasSize(2);
  }

  @Test
  void afterAFailedPartTheRestIsNotAttempted() {
    Recording adapter = new Recording();
    adapter.script.add(DeliveryResult.permanent(Reasons.NO_PERMISSION, "muted"));

    DeliveryOutcome outcome =
        deliver(
            new Message("tx", null, TextType.TEXT, "Hi. Bye.", null, null, null, null), adapter);

    assertThat(adapter.actions).hasSize(1);
    assertThat(outcome.deliveries())
        .extracting(DeliveryResult::status)
        .containsExactly(Status.FAIL_PERMANENT, Status.FAIL_PERMANENT);
    assertThat(outcome.deliveries().get(1).message()).startsWith("not attempted");
    assertThat(outcome.sendStatus().reason()).isEqualTo(Reasons.NO_PERMISSION);
  }

  @Test
  void anAdapterThatThrowsIsARetriableFailure() {
    NetworkAdapter broken =
        (chatID, action, key) -> {
          throw new IllegalStateException("socket closed");
        };

    DeliveryOutcome outcome = deliver(Message.text("Hi"), broken);

    assertThat(outcome.sendStatus().status()).isEqualTo(Status.FAIL_RETRIABLE);
    assertThat(outcome.sendStatus().message()).contains("socket closed");
  }

  @Test
  void theLedgerEnforcesEditCountAndDeleteAgeWhenTheCallerDoesNotSay() {
    Recording adapter = new Recording();
    deliver(Message.text("Hi"), adapter);
    String id = "$1";

    DeliveryOutcome firstEdit = deliver(new Edit(null, null, id, null, null, "Hey", null), adapter);
    DeliveryOutcome secondEdit =
        deliver(new Edit(null, null, id, null, null, "Hoy", null), adapter);

    assertThat(firstEdit.verdict().decision()).isEqualTo(Decision.FORWARD);
    assertThat(firstEdit.verdict().hasNote(NoteCode.EDIT_COUNT_UNKNOWN)).isFalse();
    assertThat(secondEdit.verdict().hasNote(NoteCode.EDIT_TOO_MANY)).isTrue();
    assertThat(delivery.ledger().lookup("!c", id).orElseThrow().sentAt()).isEqualTo(NOW);

    Delivery later =
        new Delivery(
            Clock.offset(clock, Duration.ofMinutes(6)), delivery.ledger(), 10, Duration.ofHours(1));
    DeliveryOutcome tooOld =
        later
            .mediateAndDeliver("!c", new Delete(null, null, id, null, true), caps, adapter)
            .toCompletableFuture()
            .join();
    assertThat(tooOld.verdict().hasNote(NoteCode.DELETE_TOO_OLD)).isTrue();
  }

  @Test
  void aDropDeliversNothingAndSucceeds() {
    Recording adapter = new Recording();

    DeliveryOutcome outcome = deliver(new Typing(null, null, true), adapter);

    assertThat(adapter.actions).isEmpty();
    assertThat(outcome.deliveries()).isEmpty();
    assertThat(outcome.sendStatus().status()).isEqualTo(Status.SUCCESS);
    assertThat(outcome.sendStatus().reason()).isEqualTo(Reasons.EVENT_NOT_HANDLED);
  }

  @Test
  void aDroppedEditDeliversNothingAndFailsPermanently() {
    Recording adapter = new Recording();
    Capabilities editsIgnored = caps.toBuilder().edit(Level.DROPPED).build();

    DeliveryOutcome outcome =
        delivery
            .mediateAndDeliver(
                "!c", new Edit(null, null, "$m", null, null, "fixed", null), editsIgnored, adapter)
            .toCompletableFuture()
            .join();

    assertThat(adapter.actions).isEmpty();
    assertThat(outcome.verdict().decision()).isEqualTo(Decision.DROP);
    assertThat(outcome.sendStatus().status()).isEqualTo(Status.FAIL_PERMANENT);
    assertThat(outcome.sendStatus().reason()).isEqualTo(Reasons.EVENT_NOT_HANDLED);
  }

  /** An adapter that knows when messages were sent, as the Desktop API does. */
  private static final class Timestamped
      implements NetworkAdapter, dev.triage.adapter.MessageTimestamps {
    final Recording inner = new Recording();

    @Override
    public CompletionStage<DeliveryResult> deliver(String chatID, Action action, String key) {
      return inner.deliver(chatID, action, key);
    }

    @Override
    public CompletionStage<java.util.Optional<Instant>> sentAt(String chatID, String messageID) {
      return CompletableFuture.completedFuture(
          java.util.Optional.of(NOW.minus(Duration.ofHours(1))));
    }
  }

  @Test
  void whenNeitherCallerNorLedgerKnowsTheNetworkIsAsked() {
    Timestamped adapter = new Timestamped();

    DeliveryOutcome outcome = deliver(new Delete(null, null, "$elsewhere", null, true), adapter);

    assertThat(outcome.verdict().hasNote(NoteCode.DELETE_TOO_OLD)).isTrue();
    assertThat(adapter.inner.actions).isEmpty();
  }

  private DeliveryOutcome deliver(String chatID, Action action, NetworkAdapter adapter) {
    return delivery.mediateAndDeliver(chatID, action, caps, adapter).toCompletableFuture().join();
  }

  private static Message message(String id, String text) {
    return new Message(id, null, TextType.TEXT, text, null, null, null, null);
  }

  @Test
  void theSameIdInTwoChatsIsTwoActionsUnderTwoKeys() {
    Recording adapter = new Recording();

    DeliveryOutcome a = deliver("!A:x", message("k1", "Hi"), adapter);
    DeliveryOutcome b = deliver("!B:x", message("k1", "Yo"), adapter);

    assertThat(a.sendStatus().status()).isEqualTo(Status.SUCCESS);
    assertThat(b.sendStatus().status()).isEqualTo(Status.SUCCESS);
    assertThat(adapter.actions).hasSize(2);
    assertThat(adapter.keys).doesNotHaveDuplicates();
  }

  @Test
  void aClientIdCannotNameAnotherActionsPart() {
    Recording adapter = new Recording();

    deliver(message("k2", "Hi. Bye."), adapter); // two parts
    deliver(message("k2#2", "Yo"), adapter);
    deliver(message("k2.2", "Yo"), adapter);

    assertThat(adapter.actions).hasSize(4);
    assertThat(adapter.keys).hasSize(4).doesNotHaveDuplicates();
  }

  @Test
  void keysAreTheSameAcrossRestartsAndSayTheirPart() {
    String key = IdempotencyKeys.key("!A:x", "k1", 1);

    // Pinned: a receiver deduplicates across Triage restarts and versions.
    assertThat(key).isEqualTo("F9sqnKHd9-z20HdD-kqT7KMrY_qtw_Gbwg9Ti_2pUII.1");
    assertThat(IdempotencyKeys.key("!A:x", "k1", 2)).isEqualTo(key.replaceAll("\\.1$", ".2"));
    assertThat(key).matches("[A-Za-z0-9_-]{43}\\.1");
    // The chat's length is hashed too: no split of one string into chat and id is another's.
    assertThat(IdempotencyKeys.key("!A:xk", "1", 1)).isNotEqualTo(key);
    assertThatThrownBy(() -> IdempotencyKeys.key("!A:x", "k1", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anIdUsedAgainForADifferentActionIsRefusedAndNothingIsSent() {
    Recording adapter = new Recording();
    DeliveryOutcome first = deliver(message("tx", "Hi"), adapter);

    assertThatThrownBy(() -> deliver(message("tx", "Other")))
        .hasCauseInstanceOf(IdReusedException.class)
        .hasMessageContaining("id tx was already used in chat !c for a different action");
    assertThat(adapter.actions).hasSize(1);
    assertThat(deliver(message("tx", "Hi"), adapter)).isSameAs(first);
  }

  private DeliveryOutcome deliver(Action action) {
    return deliver(action, new Recording());
  }

  @Test
  void anIdUsedAgainWhileTheFirstIsInFlightIsRefusedAtOnce() {
    Recording adapter = new Recording();
    adapter.gate = new CompletableFuture<>();
    CompletableFuture<DeliveryOutcome> first =
        delivery.mediateAndDeliver("!c", message("tx", "Hi"), caps, adapter).toCompletableFuture();

    CompletableFuture<DeliveryOutcome> other =
        delivery
            .mediateAndDeliver("!c", message("tx", "Other"), caps, adapter)
            .toCompletableFuture();

    assertThat(other).isCompletedExceptionally();
    adapter.gate.complete(null);
    assertThat(first.join().sendStatus().status()).isEqualTo(Status.SUCCESS);
    assertThat(adapter.actions).hasSize(1);
  }

  @Test
  void afterARetriableFailureTheIdStillBelongsToItsAction() {
    Recording adapter = new Recording();
    adapter.script.add(DeliveryResult.retriable(Reasons.BRIDGE_UNAVAILABLE, "down"));

    DeliveryOutcome failed = deliver(message("tx", "Hi"), adapter);
    assertThatThrownBy(() -> deliver(message("tx", "Other"), adapter))
        .hasCauseInstanceOf(IdReusedException.class);
    DeliveryOutcome retried = deliver(message("tx", "Hi"), adapter);

    assertThat(failed.sendStatus().status()).isEqualTo(Status.FAIL_RETRIABLE);
    assertThat(retried.sendStatus().status()).isEqualTo(Status.SUCCESS);
    assertThat(adapter.actions).extracting(a -> ((Message) a).text()).containsExactly("Hi", "Hi");
  }

  @Test
  void theSameIdInAnotherChatIsNoReuse() {
    Recording adapter = new Recording();

    deliver("!A:x", message("tx", "Hi"), adapter);
    DeliveryOutcome other = deliver("!B:x", message("tx", "Other"), adapter);

    assertThat(other.sendStatus().status()).isEqualTo(Status.SUCCESS);
  }
}
