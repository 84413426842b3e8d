package dev.triage.adapter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.action.Message;
import dev.triage.action.TextType;
import dev.triage.capability.Capabilities;
import dev.triage.delivery.Delivery;
import dev.triage.delivery.DeliveryOutcome;
import dev.triage.json.TriageJson;
import dev.triage.verdict.Status;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fault injection for delivery: many actions go through {@link Delivery} and the webhook adapter to
 * a receiver that slows down, fails, drops connections before and after doing the work, answers
 * garbage, refuses, and goes away and comes back. Like a real bridge, the sender retries an action
 * that failed retriably with the same id. At the end every accepted action must be delivered or
 * reported failed, none silently lost, none processed twice by the network, and the breaker must
 * recover once the faults stop.
 *
 * <p>Runs for {@code triage.soak.seconds} (5 by default, the CI run); {@code engine/bench/soak.sh}
 * runs it for 10 minutes.
 */
final class WebhookFaultSoakTest {
  /** What the receiver does with one request. */
  private enum Fault {
    OK,
    SLOW_THEN_OK,
    SERVER_ERROR,
    DROP_BEFORE,
    DROP_AFTER,
    GARBAGE_AFTER,
    REFUSE
  }

  private static final Duration TIMEOUT = Duration.ofMillis(200);

  /**
   * A network behind a webhook: it does the work for an idempotency key once and answers a repeat
   * of the key with the first answer, as the webhook contract asks of receivers.
   */
  private static final class FaultyNetwork implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final Map<String, String> processedKeys = new ConcurrentHashMap<>(); // key -> messageID
    final Map<String, AtomicInteger> processedNonces = new ConcurrentHashMap<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong replays = new AtomicLong();
    final AtomicLong bounces = new AtomicLong();
    final java.util.Set<String> inProgress = ConcurrentHashMap.newKeySet();
    final AtomicLong[] faults = new AtomicLong[Fault.values().length];
    volatile boolean faulty = true;
    volatile HttpServer server;
    final int port;

    FaultyNetwork() throws Exception {
      for (int i = 0; i < faults.length; i++) {
        faults[i] = new AtomicLong();
      }
      server = listen(0);
      port = server.actualPort();
    }

    private HttpServer listen(int port) throws Exception {
      return vertx
          .createHttpServer()
          .requestHandler(this::handle)
          .listen(port, "127.0.0.1")
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + port + "/deliver");
    }

    /** Goes away for {@code downFor}, then comes back on the same port. */
    void bounce(Duration downFor) throws Exception {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      Thread.sleep(downFor.toMillis());
      server = listen(port);
      bounces.incrementAndGet();
    }

    private Fault pick() {
      if (!faulty) {
        return Fault.OK;
      }
      int roll = new SplittableRandom().nextInt(100);
      if (roll < 55) {
        return Fault.OK;
      } else if (roll < 62) {
        return Fault.SLOW_THEN_OK;
      } else if (roll < 71) {
        return Fault.SERVER_ERROR;
      } else if (roll < 80) {
        return Fault.DROP_BEFORE;
      } else if (roll < 89) {
        return Fault.DROP_AFTER;
      } else if (roll < 96) {
        return Fault.GARBAGE_AFTER;
      }
      return Fault.REFUSE;
    }

    private void handle(HttpServerRequest request) {
      request
          .body()
          .onSuccess(
              body -> {
                requests.incrementAndGet();
                String key = request.getHeader("Idempotency-Key");
                Fault fault = pick();
                if (inProgress.contains(key)) {
                  // The contract: a key still being worked on is "not now", never a refusal.
                  request.response().setStatusCode(409).end("{\"error\":\"in progress\"}");
                  return;
                }
                if (fault == Fault.REFUSE && processedKeys.containsKey(key)) {
                  // The contract: a repeat of a key that was done gets the first answer.
                  fault = Fault.OK;
                }
                faults[fault.ordinal()].incrementAndGet();
                switch (fault) {
                  case SERVER_ERROR:
                    request.response().setStatusCode(503).end("{\"error\":\"busy\"}");
                    break;
                  case DROP_BEFORE:
                    request.connection().close();
                    break;
                  case REFUSE:
                    request.response().setStatusCode(422).end("{\"error\":\"refused\"}");
                    break;
                  case DROP_AFTER:
                    process(key, body.toString());
                    request.connection().close();
                    break;
                  case GARBAGE_AFTER:
                    process(key, body.toString());
                    request.response().setStatusCode(200).end("\u0000not json{");
                    break;
                  case SLOW_THEN_OK:
                    inProgress.add(key);
                    vertx.setTimer(
                        TIMEOUT.toMillis() + 50,
                        t -> {
                          String messageID = process(key, body.toString());
                          inProgress.remove(key);
                          answer(request, messageID);
                        });
                    break;
                  default:
                    answer(request, process(key, body.toString()));
                }
              });
    }

    private static void answer(HttpServerRequest request, String messageID) {
      if (!request.response().closed()) {
        request
            .response()
            .putHeader("Content-Type", "application/json")
            .end("{\"messageID\":\"" + messageID + "\"}");
      }
    }

    /** Does the work once per key; returns the network's id for the message. */
    private String process(String key, String body) {
      String[] created = new String[1];
      String messageID =
          processedKeys.computeIfAbsent(
              key,
              k -> {
                created[0] = "$net-" + k;
                return created[0];
              });
      if (created[0] == null) {
        replays.incrementAndGet();
      } else {
        JsonNode json = TriageJson.parse(body);
        String nonce = json.path("action").path("text").asText();
        processedNonces.computeIfAbsent(nonce, n -> new AtomicInteger()).incrementAndGet();
      }
      return messageID;
    }

    @Override
    public void close() {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private FaultyNetwork network;
  private WebhookAdapter adapter;

  @AfterEach
  void close() {
    if (adapter != null) {
      adapter.close();
    }
    if (network != null) {
      network.close();
    }
  }

  @Test
  void everyAcceptedActionIsDeliveredOnceOrReportedFailed() throws Exception {
    long seconds = Long.getLong("triage.soak.seconds", 5);
    network = new FaultyNetwork();
    adapter =
        new WebhookAdapter(
            "soak",
            new WebhookAdapter.Settings(
                network.url(),
                "s3cret",
                TIMEOUT,
                2,
                Duration.ofMillis(5),
                25,
                Duration.ofMillis(300),
                32),
            null,
            null);
    Delivery delivery = Delivery.create();
    Capabilities capabilities = Capabilities.none();

    AtomicLong accepted = new AtomicLong();
    AtomicLong delivered = new AtomicLong();
    AtomicLong failedRetriable = new AtomicLong();
    AtomicLong failedPermanent = new AtomicLong();
    java.util.Set<String> refusedNonces = ConcurrentHashMap.newKeySet();
    AtomicLong repeatsChecked = new AtomicLong();
    List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.Set<String> deliveredNonces = ConcurrentHashMap.newKeySet();
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<Void>> running = new ArrayList<>();

    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long nextBounce = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    long sequence = 0;
    while (System.nanoTime() < end) {
      if (System.nanoTime() > nextBounce) {
        network.bounce(Duration.ofMillis(400));
        nextBounce = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      }
      inFlight.acquire();
      String nonce = "soak-" + sequence++;
      accepted.incrementAndGet();
      Message message = new Message(nonce, null, TextType.TEXT, nonce, null, null, null, null);
      CompletableFuture<Void> done =
          sendWithRetries(delivery, message, capabilities, 6)
              .thenCompose(
                  outcome -> {
                    Status status = outcome.sendStatus().status();
                    if (status == Status.SUCCESS) {
                      delivered.incrementAndGet();
                      deliveredNonces.add(nonce);
                      if (nonce.hashCode() % 10 == 0) {
                        // A client that lost the answer asks again: the first answer, no new send.
                        return delivery
                            .mediateAndDeliver("!soak", message, capabilities, adapter)
                            .toCompletableFuture()
                            .thenAccept(
                                again -> {
                                  repeatsChecked.incrementAndGet();
                                  if (!again.equals(outcome)) {
                                    problems.add(nonce + ": a repeat got a different answer");
                                  }
                                });
                      }
                    } else if (status == Status.FAIL_PERMANENT) {
                      failedPermanent.incrementAndGet();
                      refusedNonces.add(nonce);
                    } else if (status == Status.FAIL_RETRIABLE) {
                      failedRetriable.incrementAndGet();
                    } else {
                      problems.add(nonce + ": unexpected status " + status);
                    }
                    return CompletableFuture.completedFuture(null);
                  })
              .whenComplete((ignored, failure) -> inFlight.release());
      running.add(done);
      if (running.size() > 10_000) {
        running.removeIf(CompletableFuture::isDone);
      }
    }
    CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    // The faults stop: the breaker must let calls through again and every send succeed.
    network.faulty = false;
    Thread.sleep(400);
    long calmFailures = 0;
    for (int i = 0; i < 50; i++) {
      String nonce = "calm-" + i;
      DeliveryOutcome outcome =
          delivery
              .mediateAndDeliver(
                  "!soak",
                  new Message(nonce, null, TextType.TEXT, nonce, null, null, null, null),
                  capabilities,
                  adapter)
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      if (outcome.sendStatus().status() != Status.SUCCESS) {
        calmFailures++;
      }
    }

    long duplicated =
        network.processedNonces.values().stream().filter(count -> count.get() > 1).count();
    long lost =
        deliveredNonces.stream()
            .filter(nonce -> !network.processedNonces.containsKey(nonce))
            .count();
    long refusedButDone =
        refusedNonces.stream().filter(network.processedNonces::containsKey).count();
    long failed = failedRetriable.get() + failedPermanent.get();
    System.out.printf(
        "soak %d s: accepted=%d delivered=%d failed=%d (retriable=%d permanent=%d)"
            + " duplicated=%d lost=%d repeats-checked=%d%n"
            + "  receiver: requests=%d replays-answered=%d outages=%d faults=%s; after the faults: %d/50"
            + " failed, breaker %s%n",
        seconds,
        accepted.get(),
        delivered.get(),
        failed,
        failedRetriable.get(),
        failedPermanent.get(),
        duplicated,
        lost,
        repeatsChecked.get(),
        network.requests.get(),
        network.replays.get(),
        network.bounces.get(),
        faultCounts(),
        calmFailures,
        adapter.breakerState());

    assertThat(problems).isEmpty();
    assertThat(accepted.get()).isEqualTo(delivered.get() + failed);
    assertThat(duplicated).isZero();
    assertThat(refusedButDone).isZero();
    assertThat(network.bounces.get()).isPositive();
    assertThat(lost).isZero();
    assertThat(delivered.get()).isPositive();
    assertThat(failedPermanent.get()).isPositive(); // the receiver refused some
    assertThat(network.replays.get()).isPositive(); // work done, answer lost, retried with the key
    assertThat(calmFailures).isZero();
    assertThat(adapter.breakerState()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  private String faultCounts() {
    StringBuilder counts = new StringBuilder("{");
    for (Fault fault : Fault.values()) {
      if (counts.length() > 1) {
        counts.append(", ");
      }
      counts.append(fault.name().toLowerCase()).append('=').append(network.faults[fault.ordinal()]);
    }
    return counts.append('}').toString();
  }

  /** Sends, and resends with the same id while the failure is retriable, as a bridge would. */
  private CompletableFuture<DeliveryOutcome> sendWithRetries(
      Delivery delivery, Message message, Capabilities capabilities, int triesLeft) {
    return delivery
        .mediateAndDeliver("!soak", message, capabilities, adapter)
        .toCompletableFuture()
        .thenCompose(
            outcome -> {
              if (outcome.sendStatus().status() != Status.FAIL_RETRIABLE || triesLeft <= 1) {
                return CompletableFuture.completedFuture(outcome);
              }
              return CompletableFuture.supplyAsync(
                      () -> null, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS))
                  .thenCompose(
                      ignored -> sendWithRetries(delivery, message, capabilities, triesLeft - 1));
            });
  }
}
