package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.triage.config.ConfigLoader;
import dev.triage.config.TriageConfig;
import dev.triage.json.TriageJson;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The appservice proxy between a stand-in homeserver and a stand-in bridge (plain HTTP servers on
 * loopback that record what they get): transactions in, mediated transactions out, statuses back
 * into the room. The real homeserver and bridge are in tests/matrix.
 */
final class AppserviceProxyTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final String ROOM = "!room:hs.test";

  @TempDir Path dir;
  private HttpServer bridge;
  private HttpServer homeserver;
  private final List<JsonNode> bridgeGot = new CopyOnWriteArrayList<>();
  private final List<String> homeserverGot = new CopyOnWriteArrayList<>();

  /** Room state the stand-in homeserver has, by request path; other state reads are 404. */
  private final Map<String, String> roomState = new java.util.concurrent.ConcurrentHashMap<>();

  private final List<String> stateAsked = new CopyOnWriteArrayList<>();
  private final AtomicInteger bridgeStatus = new AtomicInteger(200);
  private TriageServer triage;
  private int port;
  private int apiPort;

  @BeforeEach
  void peers() throws Exception {
    bridge = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    bridge.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          int status = bridgeStatus.get();
          if (status == 200) {
            com.fasterxml.jackson.databind.node.ObjectNode got =
                body.length == 0
                    ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    : (com.fasterxml.jackson.databind.node.ObjectNode) TriageJson.parse(body);
            got.putObject("meta")
                .put("path", exchange.getRequestURI().getRawPath())
                .put("auth", exchange.getRequestHeaders().getFirst("Authorization"));
            bridgeGot.add(got);
          }
          byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    bridge.start();
    homeserver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    homeserver.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String path = exchange.getRequestURI().getRawPath();
          int status = 200;
          String answer = "{\"event_id\":\"$status\"}";
          if (path.contains("/state/")) {
            stateAsked.add(path);
            String state = roomState.get(path);
            status = state == null ? 404 : 200;
            answer = state == null ? "{\"errcode\":\"M_NOT_FOUND\"}" : state;
          } else if (path.endsWith("/whoami")) {
            answer = "{\"user_id\":\"@bot:hs.test\"}";
          } else {
            homeserverGot.add(
                exchange.getRequestMethod()
                    + " "
                    + path
                    + " "
                    + exchange.getRequestHeaders().getFirst("Authorization")
                    + " "
                    + new String(body, StandardCharsets.UTF_8));
          }
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    homeserver.start();
    Path registration = dir.resolve("registration.yaml");
    Files.writeString(
        registration,
        "id: testbridge\nurl: http://127.0.0.1:1\nas_token: AS-TOKEN\nhs_token: HS-TOKEN\n"
            + "sender_localpart: bot\nnamespaces: {users: [{regex: '@ghost_.*', exclusive: true}]}\n");
    TriageConfig config =
        ConfigLoader.withEnvironment(Map.of())
            .parse(
                "server: {port: 0}\n"
                    + "networks: {wa: {profile: whatsapp}}\n"
                    + "matrix:\n"
                    + "  port: 0\n"
                    + "  homeserver: http://127.0.0.1:"
                    + homeserver.getAddress().getPort()
                    + "\n"
                    + "  domain: hs.test\n"
                    + "  bridges:\n"
                    + "    irc:\n"
                    + "      registration: \""
                    + registration
                    + "\"\n"
                    + "      url: http://127.0.0.1:"
                    + bridge.getAddress().getPort()
                    + "\n"
                    + "      profile: irc\n",
                "test");
    triage = new TriageServer(config, null, Clock.systemUTC());
    apiPort = triage.start();
    port = triage.appservicePort();
  }

  @AfterEach
  void stop() {
    triage.stop(1);
    bridge.stop(0);
    homeserver.stop(0);
  }

  private HttpResponse<String> transaction(String txnID, String events, String token)
      throws Exception {
    return rawTransaction(txnID, "{\"events\":[" + events + "]}", token);
  }

  private HttpResponse<String> rawTransaction(String txnID, String body, String token)
      throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/_matrix/app/v1/transactions/" + txnID))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String message(String id, String sender, String content) {
    return message(id, ROOM, sender, content);
  }

  private static String message(String id, String room, String sender, String content) {
    return "{\"type\":\"m.room.message\",\"event_id\":\""
        + id
        + "\",\"room_id\":\""
        + room
        + "\",\"sender\":\""
        + sender
        + "\",\"origin_server_ts\":1795680000000,\"content\":"
        + content
        + "}";
  }

  @Test
  void aPlainMessageIsForwardedUntouchedAndAnEchoIsNotMediated() throws Exception {
    String plain = message("$a", "@alice:hs.test", "{\"msgtype\":\"m.text\",\"body\":\"hello\"}");
    String echo =
        message(
            "$b",
            "@ghost_bob:hs.test",
            "{\"msgtype\":\"m.text\",\"body\":\"<span data-mx-spoiler>x</span>\",\"format\":\"org.matrix.custom.html\",\"formatted_body\":\"<span data-mx-spoiler>x</span>\"}");

    HttpResponse<String> r = transaction("1", plain + "," + echo, "HS-TOKEN");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}");
    JsonNode got = bridgeGot.get(0);
    assertThat(got.at("/meta/path").asText()).isEqualTo("/_matrix/app/v1/transactions/1");
    assertThat(got.at("/meta/auth").asText()).isEqualTo("Bearer HS-TOKEN");
    assertThat(got.get("events")).hasSize(2);
    assertThat(got.get("events").get(0)).isEqualTo(TriageJson.parse(plain));
    assertThat(got.get("events").get(1)).isEqualTo(TriageJson.parse(echo));
    assertThat(homeserverGot).isEmpty();
  }

  @Test
  void aRejectedEventIsLeftOutAndTheSenderIsToldOnceEvenWhenTheTransactionIsRetried()
      throws Exception {
    String spoiler =
        message(
            "$s",
            "@alice:hs.test",
            "{\"msgtype\":\"m.text\",\"body\":\"secret\",\"format\":\"org.matrix.custom.html\",\"formatted_body\":\"<span data-mx-spoiler>secret</span>\"}");
    String after = message("$t", "@alice:hs.test", "{\"msgtype\":\"m.text\",\"body\":\"after\"}");

    bridgeStatus.set(503);
    HttpResponse<String> refused = transaction("7", spoiler + "," + after, "HS-TOKEN");
    bridgeStatus.set(200);
    HttpResponse<String> retried = transaction("7", spoiler + "," + after, "HS-TOKEN");
    HttpResponse<String> again = transaction("7", spoiler + "," + after, "HS-TOKEN");
    Thread.sleep(500);

    assertThat(refused.statusCode()).as("the homeserver must retry").isEqualTo(502);
    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(bridgeGot).hasSize(1);
    assertThat(bridgeGot.get(0).get("events")).hasSize(1);
    assertThat(bridgeGot.get(0).at("/events/0/event_id").asText()).isEqualTo("$t");
    List<String> statuses =
        homeserverGot.stream().filter(s -> s.contains("com.beeper.message_send_status")).toList();
    assertThat(statuses).hasSize(1);
    assertThat(statuses.get(0))
        .startsWith(
            "PUT /_matrix/client/v3/rooms/%21room%3Ahs.test/send/com.beeper.message_send_status/triage-status-")
        .contains("Bearer AS-TOKEN")
        .contains("\"status\":\"FAIL_PERMANENT\"")
        .contains("\"event_id\":\"$s\"");
    assertThat(homeserverGot.stream().filter(s -> s.contains("/send/m.room.message/"))).hasSize(1);
  }

  /**
   * Synapse showed it: the room features were asked for under {@code hs.test/hs.test/testbridge}
   * (the domain twice), so a room that published them was mediated against the configured profile
   * instead.
   */
  @Test
  void aRoomsPublishedFeaturesAreReadUnderDomainSlashAppserviceID() throws Exception {
    String room = "!published:hs.test";
    String key = "/_matrix/client/v3/rooms/%21published%3Ahs.test/state/com.beeper.room_features/";
    roomState.put(
        key + "hs.test%2Ftestbridge",
        "{\"id\":\"test.published\",\"formatting\":{\"spoiler\":2},\"max_text_length\":5000}");
    String spoiler =
        message(
            "$p",
            room,
            "@alice:hs.test",
            "{\"msgtype\":\"m.text\",\"body\":\"secret\",\"format\":\"org.matrix.custom.html\",\"formatted_body\":\"<span data-mx-spoiler>secret</span>\"}");

    assertThat(transaction("4", spoiler, "HS-TOKEN").statusCode()).isEqualTo(200);

    assertThat(stateAsked).first().isEqualTo(key + "hs.test%2Ftestbridge");
    assertThat(bridgeGot.get(0).get("events")).hasSize(1);
    assertThat(bridgeGot.get(0).at("/events/0")).isEqualTo(TriageJson.parse(spoiler));
    Thread.sleep(200);
    assertThat(homeserverGot).as("nothing to tell: the room allows spoilers").isEmpty();
  }

  /** An event as the homeserver serialized it {@code age} ms after it was sent. */
  private static String aged(String event, int age) {
    return event.substring(0, event.length() - 1) + ",\"unsigned\":{\"age\":" + age + "}}";
  }

  /**
   * Synapse showed it: a retried transaction comes with its events serialized again (a larger
   * {@code unsigned.age}) and without the ephemeral data it does not keep, so a retry was taken for
   * a new transaction — mediated again, never counted as replayed, and, after an answer the
   * homeserver did not get, the sender told twice.
   */
  @Test
  void aRetrySerializedAgainIsTheSameTransaction() throws Exception {
    String spoiler =
        message(
            "$r",
            "@alice:hs.test",
            "{\"msgtype\":\"m.text\",\"body\":\"secret\",\"format\":\"org.matrix.custom.html\",\"formatted_body\":\"<span data-mx-spoiler>secret</span>\"}");
    String typing =
        "{\"type\":\"m.typing\",\"room_id\":\""
            + ROOM
            + "\",\"content\":{\"user_ids\":[\"@alice:hs.test\"]}}";

    // Accepted, but the answer never reached the homeserver: it retries.
    HttpResponse<String> first =
        rawTransaction(
            "11",
            "{\"events\":[" + aged(spoiler, 12) + "],\"ephemeral\":[" + typing + "]}",
            "HS-TOKEN");
    HttpResponse<String> retried =
        rawTransaction(
            "11", "{\"events\":[" + aged(spoiler, 2051) + "],\"ephemeral\":[]}", "HS-TOKEN");
    // Not accepted (the bridge away), then retried: the bridge gets what the first attempt had.
    String after = message("$u", "@alice:hs.test", "{\"msgtype\":\"m.text\",\"body\":\"after\"}");
    bridgeStatus.set(503);
    HttpResponse<String> refused =
        rawTransaction(
            "12",
            "{\"events\":[" + aged(after, 5) + "],\"ephemeral\":[" + typing + "]}",
            "HS-TOKEN");
    bridgeStatus.set(200);
    HttpResponse<String> carried =
        rawTransaction(
            "12", "{\"events\":[" + aged(after, 4005) + "],\"ephemeral\":[]}", "HS-TOKEN");
    Thread.sleep(500);

    assertThat(List.of(first.statusCode(), retried.statusCode(), refused.statusCode()))
        .containsExactly(200, 200, 502);
    assertThat(carried.statusCode()).isEqualTo(200);
    assertThat(bridgeGot).hasSize(2);
    assertThat(bridgeGot.get(0).at("/meta/path").asText()).endsWith("/transactions/11");
    assertThat(bridgeGot.get(1).at("/meta/path").asText()).endsWith("/transactions/12");
    assertThat(bridgeGot.get(1).at("/events/0/unsigned/age").asInt()).isEqualTo(5);
    assertThat(bridgeGot.get(1).at("/ephemeral/0/type").asText()).isEqualTo("m.typing");
    assertThat(homeserverGot.stream().filter(x -> x.contains("com.beeper.message_send_status")))
        .as("told once")
        .hasSize(1);
    String metrics =
        CLIENT
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains("triage_appservice_transactions_total{bridge=\"irc\",result=\"replayed\"} 2.0");
  }

  @Test
  void htmlWithListsAndLinksIsRewrittenToThePlainFallback() throws Exception {
    String html =
        message(
            "$h",
            "@alice:hs.test",
            "{\"msgtype\":\"m.text\",\"body\":\"x\",\"format\":\"org.matrix.custom.html\","
                + "\"formatted_body\":\"<ul><li>one</li><li><a href=\\\"https://example.org\\\">two</a></li></ul>\","
                + "\"m.mentions\":{}}");

    assertThat(transaction("2", html, "HS-TOKEN").statusCode()).isEqualTo(200);

    JsonNode content = bridgeGot.get(0).at("/events/0/content");
    assertThat(bridgeGot.get(0).at("/events/0/event_id").asText()).isEqualTo("$h");
    assertThat(content.get("body").asText())
        .contains("• one")
        .contains("two (https://example.org)");
    assertThat(content.has("m.mentions")).as("keys Triage does not know are kept").isTrue();
  }

  @Test
  void anEditIsCountedFromTheStreamAndALongMessageIsSplit() throws Exception {
    String words = "word ".repeat(150).strip();
    String original =
        message("$o", "@alice:hs.test", "{\"msgtype\":\"m.text\",\"body\":\"" + words + "\"}");

    assertThat(transaction("3", original, "HS-TOKEN").statusCode()).isEqualTo(200);

    assertThat(bridgeGot.get(0).get("events")).hasSizeGreaterThan(1);
    assertThat(bridgeGot.get(0).at("/events/1/event_id").asText()).isEqualTo("$o-2");
    for (JsonNode part : bridgeGot.get(0).get("events")) {
      assertThat(part.at("/content/body").asText().length()).isLessThanOrEqualTo(400);
    }
  }

  @Test
  void aWrongTokenIsRefusedAndOtherRoutesPassToTheBridge() throws Exception {
    HttpResponse<String> wrong = transaction("9", "", "NOPE");
    HttpResponse<String> user =
        CLIENT.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + port + "/_matrix/app/v1/users/%40ghost_x%3Ahs.test"))
                .header("Authorization", "Bearer HS-TOKEN")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(TriageJson.parse(wrong.body()).get("errcode").asText()).isEqualTo("M_FORBIDDEN");
    assertThat(user.statusCode()).isEqualTo(200);
  }
}
