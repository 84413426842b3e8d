package dev.triage.adapter.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.triage.action.Message;
import dev.triage.action.TextType;
import dev.triage.adapter.DeliveryResult;
import dev.triage.capability.Capabilities;
import dev.triage.delivery.Delivery;
import dev.triage.delivery.DeliveryOutcome;
import dev.triage.delivery.IdReusedException;
import dev.triage.delivery.IdempotencyKeys;
import dev.triage.json.TriageJson;
import dev.triage.testkit.FloodingServer;
import dev.triage.verdict.Reasons;
import dev.triage.verdict.Status;
import io.vertx.circuitbreaker.CircuitBreakerState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook adapter against real receivers on loopback. */
final class WebhookAdapterTest {
  /** A receiver that answers from a script, then 200; and records every request. */
  private static final class Receiver implements AutoCloseable {
    record Request(String key, String signature, String body) {}

    final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final Deque<int[]> script = new ArrayDeque<>(); // {status, delayMillis}
    volatile String okBody = "{\"messageID\":\"$net-1\"}";

    Receiver() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
      server.createContext("/deliver", this::handle);
      server.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/deliver");
    }

    private void handle(HttpExchange exchange) throws IOException {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(
          new Request(
              exchange.getRequestHeaders().getFirst("Idempotency-Key"),
              exchange.getRequestHeaders().getFirst("X-Triage-Signature"),
              body));
      int[] step;
      synchronized (script) {
        step = script.isEmpty() ? new int[] {200, 0} : script.poll();
      }
      if (step[1] > 0) {
        try {
          Thread.sleep(step[1]);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] answer =
          (step[0] == 200 ? okBody : "{\"error\":\"no\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      try {
        exchange.sendResponseHeaders(step[0], answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      } catch (IOException clientGone) {
        // The adapter timed out and left; nothing to answer.
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private Receiver receiver;
  private WebhookAdapter adapter;

  @AfterEach
  void close() {
    if (adapter != null) {
      adapter.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private WebhookAdapter adapter(
      URI url, int retries, Duration timeout, int breakerFailures, Duration breakerReset) {
    adapter =
        new WebhookAdapter(
            "hooks",
            new WebhookAdapter.Settings(
                url,
                "s3cret",
                timeout,
                retries,
                Duration.ofMillis(10),
                breakerFailures,
                breakerReset,
                4),
            null,
            null);
    return adapter;
  }

  private static DeliveryResult deliver(WebhookAdapter adapter, String key) {
    return adapter.deliver("!c", Message.text("hello"), key).toCompletableFuture().join();
  }

  private static String hmac(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aDeliveryIsSignedCarriesItsKeyAndReturnsTheNetworksId() throws Exception {
    receiver = new Receiver();

    DeliveryResult result =
        deliver(
            adapter(receiver.url(), 0, Duration.ofSeconds(2), 5, Duration.ofSeconds(30)), "tx-1");

    assertThat(result).isEqualTo(DeliveryResult.delivered("$net-1"));
    Receiver.Request request = receiver.requests.get(0);
    assertThat(request.key()).isEqualTo("tx-1");
    assertThat(request.signature()).isEqualTo(hmac(request.body()));
    JsonNode body = TriageJson.parse(request.body());
    assertThat(body.get("id").asText()).isEqualTo("tx-1");
    assertThat(body.get("chatID").asText()).isEqualTo("!c");
    assertThat(body.get("action"))
        .isEqualTo(TriageJson.parse("{\"type\":\"message\",\"text\":\"hello\"}"));
  }

  @Test
  void serverErrorsAreRetriedWithTheSameKeyUntilOneSucceeds() throws Exception {
    receiver = new Receiver();
    receiver.script.add(new int[] {500, 0});
    receiver.script.add(new int[] {503, 0});

    DeliveryResult result =
        deliver(
            adapter(receiver.url(), 3, Duration.ofSeconds(2), 10, Duration.ofSeconds(30)), "tx-2");

    assertThat(result.status()).isEqualTo(Status.SUCCESS);
    assertThat(receiver.requests)
        .extracting(Receiver.Request::key)
        .containsExactly("tx-2", "tx-2", "tx-2");
  }

  @Test
  void aClientErrorIsPermanentAndNotRetried() throws Exception {
    receiver = new Receiver();
    receiver.script.add(new int[] {422, 0});

    DeliveryResult result =
        deliver(
            adapter(receiver.url(), 3, Duration.ofSeconds(2), 10, Duration.ofSeconds(30)), "tx-3");

    assertThat(result.status()).isEqualTo(Status.FAIL_PERMANENT);
    assertThat(result.message()).contains("HTTP 422");
    assertThat(receiver.requests).hasSize(1);
  }

  @Test
  void aReceiverThatSaysNotNowIsAskedAgainWithTheSameKey() throws Exception {
    receiver = new Receiver();
    receiver.script.add(new int[] {409, 0});
    receiver.script.add(new int[] {429, 0});

    DeliveryResult result =
        deliver(
            adapter(receiver.url(), 3, Duration.ofSeconds(2), 10, Duration.ofSeconds(30)), "tx-9");

    assertThat(result.status()).isEqualTo(Status.SUCCESS);
    assertThat(receiver.requests)
        .extracting(Receiver.Request::key)
        .containsExactly("tx-9", "tx-9", "tx-9");
  }

  @Test
  void aTimeoutIsRetried() throws Exception {
    receiver = new Receiver();
    receiver.script.add(new int[] {200, 1500});

    DeliveryResult result =
        deliver(
            adapter(receiver.url(), 2, Duration.ofMillis(300), 10, Duration.ofSeconds(30)), "tx-4");

    assertThat(result.status()).isEqualTo(Status.SUCCESS);
    assertThat(receiver.requests).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void aResetConnectionIsRetried() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread server =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (Socket client = socket.accept()) {
                    InputStream in = client.getInputStream();
                    in.read(new byte[8192]);
                    if (connections.incrementAndGet() == 1) {
                      client.setSoLinger(true, 0); // a reset, not a clean close
                      continue;
                    }
                    client
                        .getOutputStream()
                        .write(
                            "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      server.start();

      DeliveryResult result =
          deliver(
              adapter(
                  URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/x"),
                  2,
                  Duration.ofSeconds(2),
                  10,
                  Duration.ofSeconds(30)),
              "tx-5");

      assertThat(result.status()).isEqualTo(Status.SUCCESS);
      assertThat(connections.get()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aReceiverThatIsNotThereIsARetriableFailureAfterTheRetries() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    DeliveryResult result =
        deliver(
            adapter(
                URI.create("http://127.0.0.1:" + closedPort + "/x"),
                2,
                Duration.ofSeconds(1),
                10,
                Duration.ofSeconds(30)),
            "tx-6");

    assertThat(result.status()).isEqualTo(Status.FAIL_RETRIABLE);
    assertThat(result.reason()).isEqualTo(Reasons.BRIDGE_UNAVAILABLE);
    assertThat(result.message()).startsWith("the webhook failed 3 time(s)");
  }

  @Test
  void theBreakerOpensAfterFailuresStopsCallingAndClosesWhenTheReceiverIsBack() throws Exception {
    receiver = new Receiver();
    for (int i = 0; i < 2; i++) {
      receiver.script.add(new int[] {500, 0});
    }
    WebhookAdapter hook =
        adapter(receiver.url(), 0, Duration.ofSeconds(2), 2, Duration.ofMillis(400));

    deliver(hook, "a");
    deliver(hook, "b");
    DeliveryResult paused = deliver(hook, "c");

    assertThat(hook.breakerState()).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(paused.status()).isEqualTo(Status.FAIL_RETRIABLE);
    assertThat(paused.message()).contains("kept failing");
    assertThat(receiver.requests).hasSize(2);
    assertThat(hook.problem()).isPresent();

    Thread.sleep(600);
    DeliveryResult back = deliver(hook, "d");

    assertThat(back.status()).isEqualTo(Status.SUCCESS);
    assertThat(hook.breakerState()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(hook.problem()).isEmpty();
  }

  @Test
  void throughDeliveryTheSameIdReachesTheReceiverOnce() throws Exception {
    receiver = new Receiver();
    WebhookAdapter hook =
        adapter(receiver.url(), 0, Duration.ofSeconds(2), 5, Duration.ofSeconds(30));
    Delivery delivery = Delivery.create();
    Message message = new Message("tx-7", null, TextType.TEXT, "once", null, null, null, null);
    Capabilities caps = Capabilities.none();

    delivery.mediateAndDeliver("!c", message, caps, hook).toCompletableFuture().join();
    delivery.mediateAndDeliver("!c", message, caps, hook).toCompletableFuture().join();

    assertThat(receiver.requests).hasSize(1);
  }

  private static DeliveryOutcome deliver(
      Delivery delivery,
      WebhookAdapter hook,
      String chatID,
      String id,
      String text,
      Capabilities caps) {
    return delivery
        .mediateAndDeliver(
            chatID, new Message(id, null, TextType.TEXT, text, null, null, null, null), caps, hook)
        .toCompletableFuture()
        .join();
  }

  /** What a receiver that deduplicates on Idempotency-Key, as the contract asks, would act on. */
  private java.util.Map<String, JsonNode> actedOn() {
    java.util.Map<String, JsonNode> byKey = new java.util.LinkedHashMap<>();
    for (Receiver.Request request : receiver.requests) {
      byKey.putIfAbsent(request.key(), TriageJson.parse(request.body()));
    }
    return byKey;
  }

  @Test
  void throughDeliveryTheSameIdInTwoChatsReachesTheReceiverUnderTwoKeys() throws Exception {
    receiver = new Receiver();
    WebhookAdapter hook =
        adapter(receiver.url(), 0, Duration.ofSeconds(2), 5, Duration.ofSeconds(30));
    Delivery delivery = Delivery.create();

    deliver(delivery, hook, "!A:x", "k1", "for A", Capabilities.none());
    deliver(delivery, hook, "!B:x", "k1", "for B", Capabilities.none());

    assertThat(receiver.requests).hasSize(2);
    assertThat(actedOn().values())
        .extracting(body -> body.path("chatID").asText() + ": " + body.at("/action/text").asText())
        .containsExactly("!A:x: for A", "!B:x: for B");
    assertThat(receiver.requests)
        .extracting(Receiver.Request::key)
        .containsExactly(
            IdempotencyKeys.key("!A:x", "k1", 1), IdempotencyKeys.key("!B:x", "k1", 1));
    for (Receiver.Request request : receiver.requests) {
      JsonNode body = TriageJson.parse(request.body());
      assertThat(body.get("id").asText()).isEqualTo(request.key());
      assertThat(body.at("/action/id").asText()).isEqualTo("k1");
    }
  }

  @Test
  void throughDeliveryAClientIdCannotForgeTheKeyOfAnotherActionsPart() throws Exception {
    receiver = new Receiver();
    WebhookAdapter hook =
        adapter(receiver.url(), 0, Duration.ofSeconds(2), 5, Duration.ofSeconds(30));
    Delivery delivery = Delivery.create();
    Capabilities shortTexts = Capabilities.builder().maxTextLength(5).build();

    deliver(delivery, hook, "!c", "k2", "Hi. Bye.", shortTexts); // two parts
    deliver(delivery, hook, "!c", "k2#2", "Yo", shortTexts);

    assertThat(receiver.requests).hasSize(3);
    assertThat(actedOn()).hasSize(3);
  }

  @Test
  void throughDeliveryAnIdReusedForAnotherActionIsRefusedAndNotPosted() throws Exception {
    receiver = new Receiver();
    WebhookAdapter hook =
        adapter(receiver.url(), 0, Duration.ofSeconds(2), 5, Duration.ofSeconds(30));
    Delivery delivery = Delivery.create();
    DeliveryOutcome first = deliver(delivery, hook, "!c", "k3", "first", Capabilities.none());

    assertThatThrownBy(() -> deliver(delivery, hook, "!c", "k3", "second", Capabilities.none()))
        .hasCauseInstanceOf(IdReusedException.class);
    assertThat(deliver(delivery, hook, "!c", "k3", "first", Capabilities.none())).isSameAs(first);
    assertThat(receiver.requests).hasSize(1);
  }

  private static final long TEN_MIB = 10 * 1024 * 1024;

  @ParameterizedTest(name = "chunked={0}")
  @ValueSource(booleans = {true, false})
  void aHugeAnswerIsNotReadWholeNorTakenForAMessageId(boolean chunked) throws Exception {
    try (FloodingServer flood =
        new FloodingServer(200, TEN_MIB, chunked, "messageID", "$net-big")) {
      WebhookAdapter hook =
          adapter(
              URI.create(flood.url() + "/deliver"),
              0,
              Duration.ofSeconds(5),
              5,
              Duration.ofSeconds(30));

      DeliveryResult result = deliver(hook, "tx-big");

      // The receiver said 2xx: delivered, as with any unreadable answer, but with no messageID.
      assertThat(result).isEqualTo(DeliveryResult.delivered(null));
      assertThat(flood.awaitAnswered(Duration.ofSeconds(10))).isTrue();
      assertThat(flood.cutOff()).as("the connection was reset").isEqualTo(1);
      assertThat(flood.written()).isLessThan(TEN_MIB);
      // The adapter still works: the cut connection was not reused.
      assertThat(deliver(hook, "tx-after").status()).isEqualTo(Status.SUCCESS);
    }
  }

  @Test
  void aHugeRefusalIsStillARefusalWithAShortExcerpt() throws Exception {
    try (FloodingServer flood = new FloodingServer(422, TEN_MIB, true, "error", "no")) {
      DeliveryResult result =
          deliver(
              adapter(
                  URI.create(flood.url() + "/deliver"),
                  2,
                  Duration.ofSeconds(5),
                  5,
                  Duration.ofSeconds(30)),
              "tx-no");

      assertThat(result.status()).isEqualTo(Status.FAIL_PERMANENT);
      assertThat(result.message())
          .startsWith("the webhook refused the action: HTTP 422: {\"error\":\"no\"")
          .endsWith("(cut at 65536 bytes)")
          .hasSizeLessThan(400);
      assertThat(flood.answers()).isEqualTo(1);
      assertThat(flood.awaitAnswered(Duration.ofSeconds(10))).isTrue();
      assertThat(flood.written()).isLessThan(TEN_MIB);
    }
  }
}
