package dev.triage.adapter.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Message;
import dev.triage.action.TextType;
import dev.triage.capability.Capabilities;
import dev.triage.delivery.Delivery;
import dev.triage.delivery.DeliveryOutcome;
import dev.triage.json.TriageJson;
import dev.triage.verdict.Status;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Fault injection for the Desktop API target, which, unlike a webhook receiver, takes no
 * idempotency key: a message it gets twice is posted twice. Messages go through {@link Delivery} to
 * a Desktop-API-shaped server that answers late, fails with 503, rate-limits with 429, drops the
 * connection before or after posting, answers garbage after posting, refuses, and goes away and
 * comes back; the sender retries retriable failures with the same id. At the end every accepted
 * message must be delivered or reported failed, none posted twice, none reported delivered that was
 * not posted, and everything goes through once the faults stop.
 *
 * <p>Runs for {@code triage.soak.seconds} (5 by default); {@code engine/bench/soak.sh} runs longer.
 */
final class DesktopFaultSoakTest {
  private enum Fault {
    OK,
    SLOW_THEN_OK,
    SERVER_ERROR,
    RATE_LIMITED,
    DROP_BEFORE,
    DROP_AFTER,
    GARBAGE_AFTER,
    REFUSE
  }

  private static final Duration TIMEOUT = Duration.ofMillis(200);

  /** A Desktop API that posts each message it takes, and records how often it posted each text. */
  private static final class FaultyDesktop implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final Map<String, AtomicInteger> posted = new ConcurrentHashMap<>();
    final Map<Fault, AtomicLong> faults = new EnumMap<>(Fault.class);
    final AtomicLong outages = new AtomicLong();
    volatile boolean faulty = true;
    volatile HttpServer server;
    final int port;

    FaultyDesktop() throws Exception {
      for (Fault fault : Fault.values()) {
        faults.put(fault, new AtomicLong());
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

    void bounce(Duration downFor) throws Exception {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      Thread.sleep(downFor.toMillis());
      server = listen(port);
      outages.incrementAndGet();
    }

    private Fault pick() {
      if (!faulty) {
        return Fault.OK;
      }
      int roll = new SplittableRandom().nextInt(100);
      if (roll < 55) {
        return Fault.OK;
      }
      Fault[] bad = {
        Fault.SLOW_THEN_OK,
        Fault.SERVER_ERROR,
        Fault.RATE_LIMITED,
        Fault.DROP_BEFORE,
        Fault.DROP_AFTER,
        Fault.GARBAGE_AFTER,
        Fault.REFUSE
      };
      return bad[(roll - 55) % bad.length];
    }

    private void handle(HttpServerRequest request) {
      request
          .body()
          .onSuccess(
              body -> {
                Fault fault = pick();
                faults.get(fault).incrementAndGet();
                String text = TriageJson.parse(body.toString()).path("text").asText();
                switch (fault) {
                  case SERVER_ERROR:
                    request.response().setStatusCode(503).end("{\"message\":\"busy\"}");
                    break;
                  case RATE_LIMITED:
                    request
                        .response()
                        .setStatusCode(429)
                        .putHeader("Retry-After", "0")
                        .end("{\"message\":\"slow down\"}");
                    break;
                  case DROP_BEFORE:
                    request.connection().close();
                    break;
                  case REFUSE:
                    request.response().setStatusCode(400).end("{\"message\":\"no\"}");
                    break;
                  case DROP_AFTER:
                    post(text);
                    request.connection().close();
                    break;
                  case GARBAGE_AFTER:
                    post(text);
                    request.response().setStatusCode(200).end("<html>");
                    break;
                  case SLOW_THEN_OK:
                    post(text);
                    vertx.setTimer(TIMEOUT.toMillis() + 50, t -> answer(request, text));
                    break;
                  default:
                    post(text);
                    answer(request, text);
                }
              });
    }

    private void post(String text) {
      posted.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
    }

    private static void answer(HttpServerRequest request, String text) {
      if (!request.response().closed()) {
        request.response().end("{\"chatID\":\"!c\",\"pendingMessageID\":\"p-" + text + "\"}");
      }
    }

    @Override
    public void close() {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private FaultyDesktop desktop;
  private BeeperDesktopAdapter adapter;

  @AfterEach
  void close() {
    if (adapter != null) {
      adapter.close();
    }
    if (desktop != null) {
      desktop.close();
    }
  }

  @Test
  void everyAcceptedMessageIsPostedOnceOrReportedFailed() throws Exception {
    long seconds = Long.getLong("triage.soak.seconds", 5);
    desktop = new FaultyDesktop();
    adapter =
        new BeeperDesktopAdapter(
            new BeeperDesktopAdapter.Settings(
                URI.create("http://127.0.0.1:" + desktop.port),
                "tok",
                TIMEOUT,
                Duration.ofMinutes(5),
                2),
            null);
    Delivery delivery = Delivery.create();
    Capabilities capabilities = Capabilities.none();

    AtomicLong accepted = new AtomicLong();
    AtomicLong delivered = new AtomicLong();
    AtomicLong failedRetriable = new AtomicLong();
    AtomicLong failedPermanent = new AtomicLong();
    Set<String> deliveredTexts = ConcurrentHashMap.newKeySet();
    List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<Void>> running = new ArrayList<>();

    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long nextBounce = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    long sequence = 0;
    while (System.nanoTime() < end) {
      if (System.nanoTime() > nextBounce) {
        desktop.bounce(Duration.ofMillis(400));
        nextBounce = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      }
      inFlight.acquire();
      String text = "soak-" + sequence++;
      accepted.incrementAndGet();
      Message message = new Message(text, null, TextType.TEXT, text, null, null, null, null);
      CompletableFuture<Void> done =
          sendWithRetries(delivery, message, capabilities, 6)
              .thenAccept(
                  outcome -> {
                    Status status = outcome.sendStatus().status();
                    if (status == Status.SUCCESS) {
                      delivered.incrementAndGet();
                      deliveredTexts.add(text);
                    } else if (status == Status.FAIL_PERMANENT) {
                      failedPermanent.incrementAndGet();
                    } else if (status == Status.FAIL_RETRIABLE) {
                      failedRetriable.incrementAndGet();
                    } else {
                      problems.add(text + ": unexpected status " + status);
                    }
                  })
              .whenComplete((ignored, failure) -> inFlight.release());
      running.add(done);
      if (running.size() > 10_000) {
        running.removeIf(CompletableFuture::isDone);
      }
    }
    CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    desktop.faulty = false;
    long calmFailures = 0;
    for (int i = 0; i < 50; i++) {
      String text = "calm-" + i;
      DeliveryOutcome outcome =
          delivery
              .mediateAndDeliver(
                  "!c",
                  new Message(text, null, TextType.TEXT, text, null, null, null, null),
                  capabilities,
                  adapter)
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      if (outcome.sendStatus().status() != Status.SUCCESS) {
        calmFailures++;
      }
    }

    long duplicated = desktop.posted.values().stream().filter(n -> n.get() > 1).count();
    long lost = deliveredTexts.stream().filter(t -> !desktop.posted.containsKey(t)).count();
    long failed = failedRetriable.get() + failedPermanent.get();
    System.out.printf(
        "desktop soak %d s: accepted=%d delivered=%d failed=%d (retriable=%d permanent=%d)"
            + " duplicated=%d lost=%d%n  desktop: outages=%d faults=%s; after the faults: %d/50"
            + " failed%n",
        seconds,
        accepted.get(),
        delivered.get(),
        failed,
        failedRetriable.get(),
        failedPermanent.get(),
        duplicated,
        lost,
        desktop.outages.get(),
        desktop.faults,
        calmFailures);

    assertThat(problems).isEmpty();
    assertThat(accepted.get()).isEqualTo(delivered.get() + failed);
    assertThat(duplicated).isZero();
    assertThat(lost).isZero();
    assertThat(delivered.get()).isPositive();
    assertThat(desktop.outages.get()).isPositive();
    assertThat(calmFailures).isZero();
  }

  /** Sends, and resends with the same id while the failure is retriable, as a bridge would. */
  private CompletableFuture<DeliveryOutcome> sendWithRetries(
      Delivery delivery, Message message, Capabilities capabilities, int triesLeft) {
    return delivery
        .mediateAndDeliver("!c", message, capabilities, adapter)
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
