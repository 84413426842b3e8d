package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.triage.json.TriageJson;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.journal} against a real crash: triage.jar delivers to a webhook, is killed with
 * SIGKILL, starts again on the same journal, and a client repeating the action gets the first
 * answer while the webhook gets nothing again.
 */
final class JournalCrashIT {
  @TempDir Path dir;
  private HttpServer receiver;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  private int startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/deliver",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
          received.add(key);
          byte[] answer =
              ("{\"messageID\":\"$net-" + received.size() + "\"}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    receiver.start();
    return receiver.getAddress().getPort();
  }

  /** Starts triage.jar serve on {@code config}; returns its port. */
  private int serve(Path config, Path log) throws Exception {
    Process process =
        TriageProcess.start(log, "serve", "--config", config.toString(), "--port", "0");
    processes.add(process);
    int port = TriageProcess.awaitPort(process, log);
    if (port < 0) {
      throw new AssertionError("triage.jar did not start:\n" + Files.readString(log));
    }
    return port;
  }

  private static HttpRequest action(int port, String id) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/actions"))
        .header("Content-Type", "application/json")
        .POST(
            HttpRequest.BodyPublishers.ofString(
                "{\"chatID\":\"!crash:example.org\",\"action\":{\"type\":\"message\","
                    + "\"id\":\""
                    + id
                    + "\",\"text\":\"survives\"}}"))
        .build();
  }

  private static JsonNode send(int port, String id) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(action(port, id), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TriageJson.parse(response.body());
  }

  @Test
  void aRepeatAfterKillNineGetsTheFirstAnswerAndTheNetworkNothingAgain() throws Exception {
    int receiverPort = startReceiver();
    Path config = dir.resolve("triage.yaml");
    Files.writeString(
        config,
        "server:\n"
            + "  journal: "
            + dir.resolve("state/journal.mv.db")
            + "\n"
            + "defaultNetwork: hooks\n"
            + "networks:\n"
            + "  hooks:\n"
            + "    profile: whatsapp\n"
            + "    adapter: {type: webhook, url: \"http://127.0.0.1:"
            + receiverPort
            + "/deliver\", retries: 0}\n");

    int port = serve(config, dir.resolve("first.log"));
    JsonNode first = send(port, "tx-crash-1");
    assertThat(first.path("sendStatus").path("status").asText()).isEqualTo("SUCCESS");
    Process crashed = processes.get(0);
    crashed.destroyForcibly(); // SIGKILL: no shutdown hook, no close
    assertThat(crashed.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(crashed.exitValue()).isEqualTo(137);

    int restarted = serve(config, dir.resolve("second.log"));
    JsonNode again = send(restarted, "tx-crash-1");
    JsonNode fresh = send(restarted, "tx-crash-2");

    assertThat(again.path("deliveries")).isEqualTo(first.path("deliveries"));
    assertThat(again.path("deliveries").get(0).path("messageID").asText()).isEqualTo("$net-1");
    assertThat(fresh.path("deliveries").get(0).path("messageID").asText()).isEqualTo("$net-2");
    assertThat(received)
        .containsExactly(
            dev.triage.delivery.IdempotencyKeys.key("!crash:example.org", "tx-crash-1", 1),
            dev.triage.delivery.IdempotencyKeys.key("!crash:example.org", "tx-crash-2", 1));
    assertThat(Files.readString(dir.resolve("second.log"))).contains("delivery journal:");
  }

  @Test
  void aDesktopSendCutOffByKillNineIsReportedPossiblyDeliveredAndNotPostedAgain() throws Exception {
    java.util.concurrent.CountDownLatch posting = new java.util.concurrent.CountDownLatch(1);
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    receiver.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(404, -1); // no chat details: the profile is used
            exchange.close();
            return;
          }
          received.add(exchange.getRequestURI().getPath());
          posting.countDown();
          try {
            Thread.sleep(60_000); // posted, but the answer never comes before the kill
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    receiver.start();
    Path config = dir.resolve("triage.yaml");
    Files.writeString(
        config,
        "server:\n"
            + "  journal: "
            + dir.resolve("journal.mv.db")
            + "\n"
            + "defaultNetwork: desk\n"
            + "networks:\n"
            + "  desk:\n"
            + "    profile: whatsapp\n"
            + "    adapter: {type: beeper-desktop, url: \"http://127.0.0.1:"
            + receiver.getAddress().getPort()
            + "\", token: t, timeout: 60s}\n");

    int port = serve(config, dir.resolve("first.log"));
    HttpClient.newHttpClient()
        .sendAsync(action(port, "tx-cut"), HttpResponse.BodyHandlers.ofString());
    assertThat(posting.await(30, TimeUnit.SECONDS)).isTrue();
    Process crashed = processes.get(0);
    crashed.destroyForcibly();
    assertThat(crashed.waitFor(30, TimeUnit.SECONDS)).isTrue();

    int restarted = serve(config, dir.resolve("second.log"));
    JsonNode repeat = send(restarted, "tx-cut");

    assertThat(repeat.path("sendStatus").path("status").asText()).isEqualTo("FAIL_PERMANENT");
    assertThat(repeat.path("sendStatus").path("message").asText())
        .contains("may have been delivered");
    assertThat(received).hasSize(1);
  }
}
