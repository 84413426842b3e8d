package dev.triage.testkit;

import dev.triage.action.Message;
import dev.triage.action.TextType;
import dev.triage.adapter.NetworkAdapter;
import dev.triage.capability.Capabilities;
import dev.triage.delivery.Delivery;
import dev.triage.delivery.DeliveryOutcome;
import dev.triage.verdict.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives messages through {@link Delivery} and an adapter for a while, as a bridge would: at most
 * 64 in flight, each with a unique id that is also its text, a retriable failure sent again with
 * the same id (up to 6 tries, 50 ms apart), and a server outage every 3 s. Tallies what came of
 * each accepted message, so that a test can check that none was lost or duplicated.
 */
public final class FaultSoak {
  private static final String CHAT = "!soak";

  private final Delivery delivery;
  private final NetworkAdapter adapter;
  private final BouncingServer server;
  private final Capabilities capabilities = Capabilities.none();

  /** What came of the run. */
  public static final class Tally {
    public final AtomicLong accepted = new AtomicLong();
    public final AtomicLong delivered = new AtomicLong();
    public final AtomicLong failedRetriable = new AtomicLong();
    public final AtomicLong failedPermanent = new AtomicLong();
    public final AtomicLong repeatsChecked = new AtomicLong();

    /** The texts of the messages reported delivered. */
    public final Set<String> deliveredTexts = ConcurrentHashMap.newKeySet();

    /** The texts of the messages reported failed for good. */
    public final Set<String> refusedTexts = ConcurrentHashMap.newKeySet();

    /** Anything that broke a rule of the run itself. */
    public final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    public long failed() {
      return failedRetriable.get() + failedPermanent.get();
    }

    @Override
    public String toString() {
      return String.format(
          "accepted=%d delivered=%d failed=%d (retriable=%d permanent=%d) repeats-checked=%d",
          accepted.get(),
          delivered.get(),
          failed(),
          failedRetriable.get(),
          failedPermanent.get(),
          repeatsChecked.get());
    }
  }

  /**
   * How long a soak runs: the system property {@code triage.soak.seconds}, 5 s by default (the
   * build's run; {@code engine/bench/soak.sh} sets it for longer ones).
   */
  public static Duration configuredDuration() {
    return Duration.ofSeconds(Long.getLong("triage.soak.seconds", 5));
  }

  public FaultSoak(Delivery delivery, NetworkAdapter adapter, BouncingServer server) {
    this.delivery = delivery;
    this.adapter = adapter;
    this.server = server;
  }

  /**
   * Sends for {@code duration}. Every tenth delivered message is sent once more, as by a client
   * that lost the answer, and must get the same answer.
   */
  public Tally run(Duration duration) throws Exception {
    Tally tally = new Tally();
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<Void>> running = new ArrayList<>();
    long end = System.nanoTime() + duration.toNanos();
    long nextOutage = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    long sequence = 0;
    while (System.nanoTime() < end) {
      if (System.nanoTime() > nextOutage) {
        server.bounce(Duration.ofMillis(400));
        nextOutage = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      }
      inFlight.acquire();
      String text = "soak-" + sequence++;
      tally.accepted.incrementAndGet();
      Message message = message(text);
      CompletableFuture<Void> done =
          sendWithRetries(message, 6)
              .thenCompose(outcome -> count(tally, text, message, outcome))
              .whenComplete((ignored, failure) -> inFlight.release());
      running.add(done);
      if (running.size() > 10_000) {
        running.removeIf(CompletableFuture::isDone);
      }
    }
    CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    return tally;
  }

  private CompletableFuture<Void> count(
      Tally tally, String text, Message message, DeliveryOutcome outcome) {
    Status status = outcome.sendStatus().status();
    if (status == Status.SUCCESS) {
      tally.delivered.incrementAndGet();
      tally.deliveredTexts.add(text);
      if (text.hashCode() % 10 == 0) {
        return send(message)
            .thenAccept(
                again -> {
                  tally.repeatsChecked.incrementAndGet();
                  if (!again.equals(outcome)) {
                    tally.problems.add(text + ": a repeat got a different answer");
                  }
                });
      }
    } else if (status == Status.FAIL_PERMANENT) {
      tally.failedPermanent.incrementAndGet();
      tally.refusedTexts.add(text);
    } else if (status == Status.FAIL_RETRIABLE) {
      tally.failedRetriable.incrementAndGet();
    } else {
      tally.problems.add(text + ": unexpected status " + status);
    }
    return CompletableFuture.completedFuture(null);
  }

  /** Sends {@code count} messages one by one; returns how many were not delivered. */
  public long failuresOf(int count) throws Exception {
    long failures = 0;
    for (int i = 0; i < count; i++) {
      DeliveryOutcome outcome = send(message("calm-" + i)).get(10, TimeUnit.SECONDS);
      if (outcome.sendStatus().status() != Status.SUCCESS) {
        failures++;
      }
    }
    return failures;
  }

  private static Message message(String text) {
    return new Message(text, null, TextType.TEXT, text, null, null, null, null);
  }

  private CompletableFuture<DeliveryOutcome> send(Message message) {
    return delivery.mediateAndDeliver(CHAT, message, capabilities, adapter).toCompletableFuture();
  }

  private CompletableFuture<DeliveryOutcome> sendWithRetries(Message message, int triesLeft) {
    return send(message)
        .thenCompose(
            outcome -> {
              if (outcome.sendStatus().status() != Status.FAIL_RETRIABLE || triesLeft <= 1) {
                return CompletableFuture.completedFuture(outcome);
              }
              return CompletableFuture.supplyAsync(
                      () -> null, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS))
                  .thenCompose(ignored -> sendWithRetries(message, triesLeft - 1));
            });
  }
}
