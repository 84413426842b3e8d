package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.config.TriageConfig;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A bounded fuzz of the real server on loopback: valid bodies mutated (cut short, bytes flipped,
 * values swapped for other types, huge numbers, deep nesting, lone surrogates, invalid UTF-8, long
 * arrays) sent to every route that takes a body. Whatever comes in, the answer is never a 5xx,
 * every 4xx is a JSON error naming the problem, and the server keeps answering.
 */
class HttpFuzzProperties {
  private static TriageServer server;
  private static int port;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static final List<String> SEEDS =
      List.of(
          "{\"profile\":\"whatsapp\",\"action\":{\"type\":\"message\",\"text\":\"hi\",\"html\":\"<b>hi</b>\",\"replyTo\":{\"messageID\":\"$q\",\"text\":\"q\"}}}",
          "{\"capabilities\":{\"edit\":0,\"max_text_length\":10,\"file\":{\"m.image\":{\"mime_types\":{\"image/*\":2},\"max_size\":10}}},\"actions\":[{\"type\":\"edit\",\"messageID\":\"$m\",\"sentAt\":1,\"text\":\"x\"},{\"type\":\"message\",\"attachment\":{\"msgtype\":\"m.image\",\"mimeType\":\"image/png\",\"size\":5}}]}",
          "{\"chatID\":\"!demo-whatsapp:triage.local\",\"action\":{\"type\":\"poll\",\"question\":\"?\",\"options\":[\"a\",\"b\"]}}",
          "{\"profile\":\"telegram\",\"action\":{\"type\":\"message\",\"format\":\"markdown\",\"text\":\"**b** [l](https://x)\\n\\n- a\"}}",
          "{\"reply\":2,\"attachments\":{\"m.file\":{\"mimeTypes\":{\"*/*\":2}}},\"state\":{\"title\":{\"level\":2}}}",
          "{\"text\":\"hello\",\"replyToMessageID\":\"$loopback-1\"}",
          "{\"reactionKey\":\"👍\",\"transactionID\":\"t\"}",
          "{\"profile\":\"signal\",\"event\":{\"type\":\"m.room.message\",\"event_id\":\"$e\",\"content\":{\"msgtype\":\"m.image\",\"body\":\"a\",\"filename\":\"b.png\",\"format\":\"org.matrix.custom.html\",\"formatted_body\":\"<b>a</b>\",\"info\":{\"mimetype\":\"image/png\",\"size\":5,\"duration\":7},\"m.relates_to\":{\"m.in_reply_to\":{\"event_id\":\"$q\"}}}},\"related\":{\"$q\":{\"type\":\"m.room.message\",\"content\":{\"msgtype\":\"m.text\",\"body\":\"q\"}}}}",
          "{\"capabilities\":{\"reaction\":2,\"reaction_count\":1},\"events\":[{\"type\":\"m.reaction\",\"sender\":\"@a:x\",\"content\":{\"m.relates_to\":{\"rel_type\":\"m.annotation\",\"event_id\":\"$m\",\"key\":\"👍\"}}},{\"type\":\"m.room.redaction\",\"redacts\":\"$r\",\"content\":{}},{\"type\":\"m.receipt\",\"content\":{\"$m\":{\"m.read\":{\"@a:x\":{\"ts\":1}}}}}],\"related\":{\"$r\":{\"type\":\"m.reaction\",\"sender\":\"@a:x\",\"origin_server_ts\":1,\"content\":{\"m.relates_to\":{\"rel_type\":\"m.annotation\",\"event_id\":\"$m\",\"key\":\"❤️\"}}}}}",
          // What the attack probe sent (issue 13): live HTML, Markdown raw HTML, spoilers in code.
          "{\"capabilities\":{\"formatting\":{\"bold\":2}},\"action\":{\"type\":\"message\",\"text\":\"x\",\"html\":\"<body onload=alert(1)>x\"}}",
          "{\"capabilities\":{\"formatting\":{\"bold\":2}},\"action\":{\"type\":\"message\",\"text\":\"x\",\"html\":\"<a href=\\\"https://ok.example\\\" href=\\\"javascript:alert(1)\\\">x</a><!--[if IE]><script>alert(1)</script><![endif]--><b>x</b><img src=x onerror=alert(1)\"}}",
          "{\"profile\":\"slack\",\"action\":{\"type\":\"message\",\"format\":\"markdown\",\"text\":\"hi <img src=x onerror=alert(1)> <script>x</script>\"}}",
          "{\"capabilities\":{\"formatting\":{\"code_block\":0}},\"action\":{\"type\":\"message\",\"text\":\"x\",\"html\":\"<pre><code><span data-mx-spoiler>SECRET</span></code></pre>\"}}");

  private static final List<String> ROUTES =
      List.of(
          "POST /v1/mediate",
          "POST /v1/mediate?explain=true",
          "POST /v1/matrix/mediate",
          "POST /v1/actions",
          "PUT /v1/chats/!fuzz:x/capabilities",
          "PUT /v1/chats/!fuzz:x/capabilities?profile=signal",
          "POST /v1/chats/!demo-whatsapp:triage.local/messages",
          "PUT /v1/chats/!demo-whatsapp:triage.local/messages/$loopback-1",
          "POST /v1/chats/!demo-whatsapp:triage.local/messages/$loopback-1/reactions",
          "POST /v1/chats/!demo-whatsapp:triage.local/reminders",
          "POST /v1/chats/!demo-whatsapp:triage.local/archive");

  @BeforeContainer
  static void start() {
    server =
        new TriageServer(
            ServeCommand.withListener(TriageConfig.embedded(), "127.0.0.1", 0),
            null,
            Clock.systemUTC());
    port = server.start();
  }

  /**
   * After every fuzzed request the server still answers, and what it holds has not grown with what
   * it was sent: a generous bound on the heap left after a collection (hundreds of bodies, some
   * with 20,000-element arrays, went through).
   */
  @AfterContainer
  static void stillResponsiveAndBoundedThenStop() throws Exception {
    try {
      HttpResponse<String> live =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(live.statusCode()).isEqualTo(200);
      Runtime runtime = Runtime.getRuntime();
      System.gc();
      long usedMiB = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
      assertThat(usedMiB).as("heap in use after the fuzz, MiB").isLessThan(256);
    } finally {
      server.stop(1);
    }
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<String> seed = Arbitraries.of(SEEDS);
    return Arbitraries.oneOf(
        seed.map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Combinators.combine(seed, Arbitraries.integers().between(0, 400))
            .as(
                (s, cut) ->
                    s.substring(0, Math.min(cut, s.length())).getBytes(StandardCharsets.UTF_8)),
        Combinators.combine(seed, Arbitraries.integers().between(0, 400), Arbitraries.bytes())
            .as(
                (s, at, b) -> {
                  byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                  bytes[Math.min(at, bytes.length - 1)] = b;
                  return bytes;
                }),
        Combinators.combine(
                seed,
                Arbitraries.of(
                    "\"x\"",
                    "-1",
                    "1e999",
                    "99999999999999999999999999",
                    "null",
                    "true",
                    "[]",
                    "{}",
                    "\"\\ud800\"",
                    "1.5",
                    "[" + "1,".repeat(20000) + "1]"))
            .as(
                (s, value) ->
                    s.replaceFirst(":(\"[^\"]*\"|-?\\d+|\\{|\\[)", ":" + value)
                        .getBytes(StandardCharsets.UTF_8)),
        Arbitraries.integers()
            .between(1, 200)
            .map(
                depth ->
                    ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth))
                        .getBytes(StandardCharsets.UTF_8)),
        Arbitraries.just(new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'}),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300));
  }

  @Property(tries = 400)
  void noInputMakesTheServerFailOrFallSilent(
      @ForAll("bodies") byte[] body, @ForAll("routes") String route) throws Exception {
    String[] parts = route.split(" ", 2);
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + parts[1].replace("!", "%21").replace("$", "%24")))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(parts[0], HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode())
        .as("%s with %s", route, new String(body, StandardCharsets.UTF_8))
        .isLessThan(500);
    if (response.statusCode() >= 400) {
      JsonNode error;
      try {
        error = TriageJson.parse(response.body());
      } catch (InvalidInputException e) {
        throw new AssertionError(
            "a " + response.statusCode() + " that is not JSON: " + response.body());
      }
      assertThat(error.get("code").asText()).isNotBlank();
      assertThat(error.get("message").asText()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> routes() {
    return Arbitraries.of(ROUTES);
  }
}
