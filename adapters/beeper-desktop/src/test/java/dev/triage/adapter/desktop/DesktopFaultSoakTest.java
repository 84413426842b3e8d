package dev.triage.adapter.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.delivery.Delivery;
import dev.triage.json.TriageJson;
import dev.triage.testkit.BouncingServer;
import dev.triage.testkit.FaultSoak;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fault injection for the Desktop API target, which, unlike a webhook receiver, takes no
 * idempotency key: a message it gets twice is posted twice. Messages go through {@link Delivery}
 * and the adapter ({@link FaultSoak}) to a Desktop-API-shaped server that answers late, fails with
 * 503, rate-limits with 429, drops the connection before or after posting, answers garbage after
 * posting, refuses, and goes away and comes back. Every accepted message must be delivered or
 * reported failed, none posted twice, none reported delivered that was not posted, and everything
 * goes through once the faults stop.
 *
 * <p>Runs for {@link FaultSoak#configuredDuration()} (5 by default); {@code engine/bench/soak.sh}
 * runs longer.
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
  private static final class FaultyDesktop {
    final Map<String, AtomicInteger> posted = new ConcurrentHashMap<>();
    final Map<Fault, AtomicLong> faults = new EnumMap<>(Fault.class);
    volatile boolean faulty = true;
    final BouncingServer server;

    FaultyDesktop() throws Exception {
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
                    server.vertx().setTimer(TIMEOUT.toMillis() + 50, t -> answer(request, text));
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
  }

  private FaultyDesktop desktop;
  private BeeperDesktopAdapter adapter;

  @AfterEach
  void close() {
    if (adapter != null) {
      adapter.close();
    }
    if (desktop != null) {
      desktop.server.close();
    }
  }

  @Test
  void everyAcceptedMessageIsPostedOnceOrReportedFailed() throws Exception {
    Duration duration = FaultSoak.configuredDuration();
    desktop = new FaultyDesktop();
    adapter =
        new BeeperDesktopAdapter(
            new BeeperDesktopAdapter.Settings(
                URI.create("http://127.0.0.1:" + desktop.server.port()),
                "tok",
                TIMEOUT,
                Duration.ofMinutes(5),
                2),
            null);
    FaultSoak soak = new FaultSoak(Delivery.create(), adapter, desktop.server);

    FaultSoak.Tally tally = soak.run(duration);
    desktop.faulty = false;
    long calmFailures = soak.failuresOf(50);

    long duplicated = desktop.posted.values().stream().filter(n -> n.get() > 1).count();
    long lost = tally.deliveredTexts.stream().filter(t -> !desktop.posted.containsKey(t)).count();
    System.out.printf(
        "desktop soak %d s: %s duplicated=%d lost=%d%n"
            + "  desktop: outages=%d faults=%s; after the faults: %d/50 failed%n",
        duration.toSeconds(),
        tally,
        duplicated,
        lost,
        desktop.server.outages(),
        desktop.faults,
        calmFailures);

    assertThat(tally.problems).isEmpty();
    assertThat(tally.accepted.get()).isEqualTo(tally.delivered.get() + tally.failed());
    assertThat(duplicated).isZero();
    assertThat(lost).isZero();
    assertThat(tally.delivered.get()).isPositive();
    assertThat(desktop.server.outages()).isPositive();
    assertThat(calmFailures).isZero();
  }
}
