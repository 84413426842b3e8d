package dev.triage.adapter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.delivery.Delivery;
import dev.triage.json.TriageJson;
import dev.triage.testkit.BouncingServer;
import dev.triage.testkit.FaultSoak;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fault injection for webhook delivery: messages go through {@link Delivery} and the webhook
 * adapter ({@link FaultSoak}) to a receiver that answers late, fails, drops connections before and
 * after doing the work, answers garbage, refuses, and goes away and comes back. Every accepted
 * action must be delivered or reported failed, none silently lost, none done twice by the network,
 * and the breaker must recover once the faults stop.
 *
 * <p>Runs for {@link FaultSoak#configuredDuration()} (5 by default, the CI run); {@code
 * engine/bench/soak.sh} runs it for 10 minutes.
 */
final class WebhookFaultSoakTest {
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
   * A network behind a webhook that keeps the contract: it does the work for an idempotency key
   * once, answers a repeat of the key with the first answer, and answers 409 while a key is still
   * being worked on.
   */
  private static final class FaultyNetwork {
    final Map<String, String> processedKeys = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> processedTexts = new ConcurrentHashMap<>();
    final Set<String> inProgress = ConcurrentHashMap.newKeySet();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong replays = new AtomicLong();
    final Map<Fault, AtomicLong> faults = new EnumMap<>(Fault.class);
    volatile boolean faulty = true;
    BouncingServer server;

    FaultyNetwork() throws Exception {
      for (Fault fault : Fault.values()) {
        faults.put(fault, new AtomicLong());
      }
      server = new BouncingServer(this::handle);
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
                if (inProgress.contains(key)) {
                  request.response().setStatusCode(409).end("{\"error\":\"in progress\"}");
                  return;
                }
                Fault fault = pick();
                if (fault == Fault.REFUSE && processedKeys.containsKey(key)) {
                  fault = Fault.OK; // a repeat of a key that was done gets the first answer
                }
                faults.get(fault).incrementAndGet();
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
                    server
                        .vertx()
                        .setTimer(
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
        String text = json.path("action").path("text").asText();
        processedTexts.computeIfAbsent(text, n -> new AtomicInteger()).incrementAndGet();
      }
      return messageID;
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
      network.server.close();
    }
  }

  @Test
  void everyAcceptedActionIsDeliveredOnceOrReportedFailed() throws Exception {
    Duration duration = FaultSoak.configuredDuration();
    network = new FaultyNetwork();
    adapter =
        new WebhookAdapter(
            "soak",
            new WebhookAdapter.Settings(
                URI.create("http://127.0.0.1:" + network.server.port() + "/deliver"),
                "s3cret",
                TIMEOUT,
                2,
                Duration.ofMillis(5),
                25,
                Duration.ofMillis(300),
                32),
            null,
            null);
    FaultSoak soak = new FaultSoak(Delivery.create(), adapter, network.server);

    FaultSoak.Tally tally = soak.run(duration);
    network.faulty = false;
    Thread.sleep(400); // the breaker's reset time
    long calmFailures = soak.failuresOf(50);

    long duplicated =
        network.processedTexts.values().stream().filter(count -> count.get() > 1).count();
    long lost =
        tally.deliveredTexts.stream()
            .filter(text -> !network.processedTexts.containsKey(text))
            .count();
    long refusedButDone =
        tally.refusedTexts.stream().filter(network.processedTexts::containsKey).count();
    System.out.printf(
        "soak %d s: %s duplicated=%d lost=%d%n"
            + "  receiver: requests=%d replays-answered=%d outages=%d faults=%s;"
            + " after the faults: %d/50 failed, breaker %s%n",
        duration.toSeconds(),
        tally,
        duplicated,
        lost,
        network.requests.get(),
        network.replays.get(),
        network.server.outages(),
        network.faults,
        calmFailures,
        adapter.breakerState());

    assertThat(tally.problems).isEmpty();
    assertThat(tally.accepted.get()).isEqualTo(tally.delivered.get() + tally.failed());
    assertThat(duplicated).isZero();
    assertThat(lost).isZero();
    assertThat(refusedButDone).isZero();
    assertThat(tally.delivered.get()).isPositive();
    assertThat(tally.failedPermanent.get()).isPositive(); // the receiver refused some
    assertThat(network.replays.get()).isPositive(); // work done, answer lost, retried with the key
    assertThat(network.server.outages()).isPositive();
    assertThat(calmFailures).isZero();
    assertThat(adapter.breakerState()).isEqualTo(CircuitBreakerState.CLOSED);
  }
}
