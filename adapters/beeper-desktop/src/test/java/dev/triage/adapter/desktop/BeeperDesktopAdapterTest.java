package dev.triage.adapter.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.triage.action.Action;
import dev.triage.action.Chat;
import dev.triage.action.ChatOperation;
import dev.triage.action.Delete;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.action.Reaction;
import dev.triage.action.ReplyTo;
import dev.triage.action.State;
import dev.triage.action.TextType;
import dev.triage.action.Typing;
import dev.triage.adapter.DeliveryResult;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.capability.StateField;
import dev.triage.delivery.Delivery;
import dev.triage.delivery.DeliveryOutcome;
import dev.triage.json.TriageJson;
import dev.triage.testkit.FloodingServer;
import dev.triage.verdict.Reasons;
import dev.triage.verdict.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The adapter against a Desktop-API-shaped server on loopback. */
final class BeeperDesktopAdapterTest {
  /** Records each call; answers from a script ({status, body, Retry-After}), then 200 {}. */
  private static final class DesktopApi implements AutoCloseable {
    record Call(String method, String path, String auth, String body) {}

    final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Deque<String[]> script = new ArrayDeque<>();

    DesktopApi() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", this::handle);
      server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
      server.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
      calls.add(
          new Call(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath()
                  + (exchange.getRequestURI().getRawQuery() == null
                      ? ""
                      : "?" + exchange.getRequestURI().getRawQuery()),
              exchange.getRequestHeaders().getFirst("Authorization"),
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      String[] step;
      synchronized (script) {
        step = script.isEmpty() ? new String[] {"200", "{}", null} : script.poll();
      }
      if (step.length > 3) {
        try {
          Thread.sleep(Long.parseLong(step[3])); // answers after the caller gave up
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] body = step[1].getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      if (step[2] != null) {
        exchange.getResponseHeaders().add("Retry-After", step[2]);
      }
      try {
        exchange.sendResponseHeaders(Integer.parseInt(step[0]), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } catch (IOException callerGone) {
        // The caller timed out and left.
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private DesktopApi api;
  private BeeperDesktopAdapter adapter;

  @BeforeEach
  void start() throws IOException {
    api = new DesktopApi();
    adapter =
        new BeeperDesktopAdapter(
            new BeeperDesktopAdapter.Settings(
                api.url(), "tok", Duration.ofSeconds(2), Duration.ofMinutes(5), 2),
            null);
  }

  @AfterEach
  void stop() {
    adapter.close();
    api.close();
  }

  private DeliveryResult deliver(Action action) {
    return adapter.deliver("!chat:beeper.com", action, "tx-1").toCompletableFuture().join();
  }

  @Test
  void aMessageIsSentWithItsReplyAndTheToken() {
    api.script.add(
        new String[] {
          "200", "{\"chatID\":\"!chat:beeper.com\",\"pendingMessageID\":\"m-77\"}", null
        });

    DeliveryResult result = deliver(Message.text("**hi**").withReplyTo(ReplyTo.of("m-1")));

    assertThat(result).isEqualTo(DeliveryResult.delivered("m-77"));
    DesktopApi.Call call = api.calls.get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/v1/chats/%21chat%3Abeeper.com/messages");
    assertThat(call.auth()).isEqualTo("Bearer tok");
    assertThat(TriageJson.parse(call.body()))
        .isEqualTo(TriageJson.parse("{\"text\":\"**hi**\",\"replyToMessageID\":\"m-1\"}"));
  }

  @Test
  void everyMappedActionUsesItsDesktopRoute() {
    deliver(new Edit(null, null, "m-1", null, null, "fixed", null));
    deliver(new Delete(null, null, "m-1", null, true));
    deliver(new Reaction(null, null, "m-1", "👍", false, null));
    deliver(new Reaction(null, null, "m-1", "👍", true, null));
    deliver(new Chat(null, null, ChatOperation.ARCHIVE));
    deliver(new Chat(null, null, ChatOperation.MARK_READ));
    deliver(new Chat(null, null, ChatOperation.MARK_UNREAD));
    deliver(new State(null, null, StateField.TITLE, "Team"));

    String chat = "/v1/chats/%21chat%3Abeeper.com";
    assertThat(api.calls)
        .extracting(c -> c.method() + " " + c.path())
        .containsExactly(
            "PUT " + chat + "/messages/m-1",
            "DELETE " + chat + "/messages/m-1?forEveryone=true",
            "POST " + chat + "/messages/m-1/reactions",
            "DELETE " + chat + "/messages/m-1/reactions/%F0%9F%91%8D",
            "POST " + chat + "/archive",
            "POST " + chat + "/read",
            "POST " + chat + "/unread",
            "PATCH " + chat);
    assertThat(TriageJson.parse(api.calls.get(2).body()).get("reactionKey").asText())
        .isEqualTo("👍");
    assertThat(TriageJson.parse(api.calls.get(4).body()).get("archived").asBoolean()).isTrue();
  }

  @Test
  void whatTheDesktopApiCannotTakeIsAPermanentFailureWithoutACall() {
    DeliveryResult result = deliver(new Typing(null, null, true));
    DeliveryResult fileEdit =
        deliver(
            new Edit(
                null,
                null,
                "m-1",
                null,
                null,
                null,
                null,
                dev.triage.action.Attachment.of("m.image", "image/png"),
                null));

    assertThat(result.status()).isEqualTo(Status.FAIL_PERMANENT);
    assertThat(result.message()).contains("typing");
    assertThat(fileEdit.status()).isEqualTo(Status.FAIL_PERMANENT);
    assertThat(fileEdit.message()).contains("edits of files");
    assertThat(api.calls).isEmpty();
  }

  @Test
  void a429IsRetriedAfterItsRetryAfter() {
    api.script.add(new String[] {"429", "{\"message\":\"slow down\"}", "0"});
    api.script.add(new String[] {"200", "{\"pendingMessageID\":\"m-2\"}", null});

    DeliveryResult result = deliver(Message.text("hi"));

    assertThat(result.messageID()).isEqualTo("m-2");
    assertThat(api.calls).hasSize(2);
  }

  @Test
  void a429ThatPersistsIsRetriable() {
    for (int i = 0; i < 3; i++) {
      api.script.add(new String[] {"429", "{}", "0"});
    }

    DeliveryResult result = deliver(Message.text("hi"));

    assertThat(result.status()).isEqualTo(Status.FAIL_RETRIABLE);
    assertThat(api.calls).hasSize(3);
  }

  @Test
  void errorsMapToDeliveryResults() {
    api.script.add(new String[] {"401", "{\"message\":\"bad token\"}", null});
    api.script.add(
        new String[] {"404", "{\"code\":\"not_found\",\"message\":\"no such chat\"}", null});
    api.script.add(new String[] {"502", "{}", null});

    DeliveryResult unauthorized = deliver(Message.text("a"));
    DeliveryResult missing = deliver(Message.text("b"));
    DeliveryResult failing = deliver(Message.text("c"));

    assertThat(unauthorized.reason()).isEqualTo(Reasons.NO_PERMISSION);
    assertThat(unauthorized.message()).contains("bad token");
    assertThat(missing.status()).isEqualTo(Status.FAIL_PERMANENT);
    assertThat(missing.message()).contains("no such chat");
    assertThat(failing.status()).isEqualTo(Status.FAIL_RETRIABLE);
  }

  @Test
  void aSendWithoutAnAnswerIsNotSentAgainButAnEditIsRetriable() {
    BeeperDesktopAdapter impatient =
        new BeeperDesktopAdapter(
            new BeeperDesktopAdapter.Settings(
                api.url(), "tok", Duration.ofMillis(200), Duration.ofMinutes(5), 2),
            null);
    try {
      api.script.add(new String[] {"200", "{\"pendingMessageID\":\"p1\"}", null, "600"});
      api.script.add(new String[] {"200", "{}", null, "600"});
      Delivery delivery = Delivery.create();
      Message message = new Message("tx-5", null, TextType.TEXT, "once", null, null, null, null);

      DeliveryOutcome sent =
          delivery
              .mediateAndDeliver("!chat:beeper.com", message, Capabilities.none(), impatient)
              .toCompletableFuture()
              .join();
      DeliveryOutcome again =
          delivery
              .mediateAndDeliver("!chat:beeper.com", message, Capabilities.none(), impatient)
              .toCompletableFuture()
              .join();
      DeliveryResult edit =
          impatient
              .deliver("!chat:beeper.com", new Edit(null, null, "$m", null, 0, "x", null), "tx-6")
              .toCompletableFuture()
              .join();

      assertThat(sent.sendStatus().status()).isEqualTo(Status.FAIL_PERMANENT);
      assertThat(sent.sendStatus().message()).contains("may have been delivered");
      assertThat(again).isEqualTo(sent);
      assertThat(api.calls).extracting(DesktopApi.Call::method).containsExactly("POST", "PUT");
      assertThat(edit.status()).isEqualTo(Status.FAIL_RETRIABLE);
    } finally {
      impatient.close();
    }
  }

  @Test
  void aSendThatTimedOutWaitingForAPooledConnectionWasNeverWrittenAndIsRetriable() {
    DeliveryResult waited =
        BeeperDesktopAdapter.noAnswer(
            io.vertx.core.http.HttpMethod.POST,
            "/v1/chats/%21c/messages",
            new java.util.concurrent.TimeoutException(
                "The timeout of 200 ms has been exceeded when getting a connection to h:1"));
    DeliveryResult sent =
        BeeperDesktopAdapter.noAnswer(
            io.vertx.core.http.HttpMethod.POST,
            "/v1/chats/%21c/messages",
            new java.util.concurrent.TimeoutException(
                "The timeout period of 200ms has been exceeded while executing POST"));

    assertThat(waited.status()).isEqualTo(Status.FAIL_RETRIABLE);
    assertThat(sent.status()).isEqualTo(Status.FAIL_PERMANENT);
  }

  @Test
  void aSendThatNeverConnectedIsRetriable() throws IOException {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    BeeperDesktopAdapter absent =
        new BeeperDesktopAdapter(
            new BeeperDesktopAdapter.Settings(
                URI.create("http://127.0.0.1:" + closedPort),
                "tok",
                Duration.ofSeconds(2),
                Duration.ofMinutes(5),
                2),
            null);
    try {
      DeliveryResult result =
          absent
              .deliver("!chat:beeper.com", Message.text("hi"), "tx-7")
              .toCompletableFuture()
              .join();

      assertThat(result.status()).isEqualTo(Status.FAIL_RETRIABLE);
      assertThat(result.reason()).isEqualTo(Reasons.BRIDGE_UNAVAILABLE);
    } finally {
      absent.close();
    }
  }

  @Test
  void capabilitiesAreReadFromTheChatAndCached() {
    api.script.add(
        new String[] {
          "200",
          "{\"id\":\"!chat:beeper.com\",\"capabilities\":{\"reply\":2,\"maxTextLength\":100}}",
          null
        });

    Optional<Capabilities> first =
        adapter.capabilities("!chat:beeper.com").toCompletableFuture().join();
    Optional<Capabilities> second =
        adapter.capabilities("!chat:beeper.com").toCompletableFuture().join();

    assertThat(first.orElseThrow().reply()).isEqualTo(Level.FULL);
    assertThat(first.orElseThrow().maxTextLength()).isEqualTo(100);
    assertThat(second).isEqualTo(first);
    assertThat(api.calls).hasSize(1);
    assertThat(api.calls.get(0).path()).isEqualTo("/v1/chats/%21chat%3Abeeper.com");
  }

  @Test
  void aMessagesTimeIsReadFromTheMessageRoute() {
    api.script.add(
        new String[] {"200", "{\"id\":\"m-1\",\"timestamp\":\"2026-11-25T11:00:00Z\"}", null});

    Optional<Instant> sentAt =
        adapter.sentAt("!chat:beeper.com", "m-1").toCompletableFuture().join();

    assertThat(sentAt).contains(Instant.parse("2026-11-25T11:00:00Z"));
  }

  private static final long TEN_MIB = 10 * 1024 * 1024;

  private static BeeperDesktopAdapter adapterFor(FloodingServer server) {
    return new BeeperDesktopAdapter(
        new BeeperDesktopAdapter.Settings(
            server.url(), "tok", Duration.ofSeconds(5), Duration.ofMinutes(5), 0),
        null);
  }

  @ParameterizedTest(name = "chunked={0}")
  @ValueSource(booleans = {true, false})
  void aHugeAnswerToASendIsNotReadWholeNorTakenForAMessageId(boolean chunked) throws Exception {
    try (FloodingServer flood =
            new FloodingServer(200, TEN_MIB, chunked, "pendingMessageID", "$big");
        BeeperDesktopAdapter desktop = adapterFor(flood)) {
      DeliveryResult result =
          desktop
              .deliver("!chat:beeper.com", Message.text("hi"), "tx")
              .toCompletableFuture()
              .join();

      assertThat(result).isEqualTo(DeliveryResult.delivered(null));
      assertThat(flood.awaitAnswered(Duration.ofSeconds(10))).isTrue();
      assertThat(flood.cutOff()).as("the connection was reset").isEqualTo(1);
      assertThat(flood.written()).isLessThan(TEN_MIB);
    }
  }

  @Test
  void capabilitiesInAHugeAnswerAreNotKnown() throws Exception {
    try (FloodingServer flood = new FloodingServer(200, TEN_MIB, true, "id", "!chat:beeper.com");
        BeeperDesktopAdapter desktop = adapterFor(flood)) {
      assertThatThrownBy(
              () -> desktop.capabilities("!chat:beeper.com").toCompletableFuture().join())
          .hasMessageContaining("an answer over 65536 bytes");
      assertThat(flood.awaitAnswered(Duration.ofSeconds(10))).isTrue();
      assertThat(flood.written()).isLessThan(TEN_MIB);
    }
  }
}
