package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.config.TriageConfig;
import dev.triage.json.TriageJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/matrix/mediate} and {@code check --matrix} on real events (recorded from Synapse
 * 1.163.2 by matrix-nio): the real server on port 0, called over HTTP.
 */
final class MatrixRoutesTest {
  /** 2026-11-25T12:00:00Z. */
  private static final long NOW = 1_795_608_000_000L;

  private static final Path EVENTS = Path.of("../core/src/test/resources/matrix/events");

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path dir;

  private TriageServer server;
  private int port;

  @BeforeEach
  void start() {
    server =
        new TriageServer(
            ServeCommand.withListener(TriageConfig.embedded(), "127.0.0.1", 0),
            null,
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    port = server.start();
  }

  @AfterEach
  void stop() {
    server.stop(1);
  }

  private static String event(String name) throws IOException {
    return TriageJson.toJson(TriageJson.parse(Files.readString(EVENTS.resolve(name + ".json"))));
  }

  private record Response(int status, JsonNode json, String text) {}

  private Response post(String body) throws Exception {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/matrix/mediate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), TriageJson.parse(response.body()), response.body());
  }

  @Test
  void aTextMessageIsForwardedAsItCameWithADecisionId() throws Exception {
    String text = event("text");
    Response r = post("{\"profile\":\"whatsapp\",\"event\":" + text + "}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("decisionID").asText()).matches("[0-9a-f-]{36}");
    assertThat(r.json().get("decision").asText()).isEqualTo("forward");
    assertThat(r.json().at("/events/0/type").asText()).isEqualTo("m.room.message");
    assertThat(r.json().at("/events/0/content")).isEqualTo(TriageJson.parse(text).get("content"));
    assertThat(r.json().has("status")).isFalse();
  }

  @Test
  void htmlAChatCannotShowIsRewrittenAndReportedAsASuccessWithNotes() throws Exception {
    Response r =
        post(
            "{\"capabilities\":{\"formatting\":{\"bold\":2,\"unordered_list\":0}},\"event\":"
                + event("html")
                + "}");

    assertThat(r.json().get("decision").asText()).isEqualTo("degrade");
    assertThat(r.json().at("/events/0/content/body").asText())
        .isEqualTo("bold and a list\n• one\n• two");
    assertThat(r.json().at("/events/0/content/formatted_body").asText())
        .doesNotContain("<ul>")
        .contains("<strong>bold</strong>");
    assertThat(r.json().at("/status/type").asText()).isEqualTo("com.beeper.message_send_status");
    assertThat(r.json().at("/status/content/status").asText()).isEqualTo("SUCCESS");
    assertThat(r.json().at("/status/content/m.relates_to/event_id").asText())
        .isEqualTo(TriageJson.parse(event("html")).get("event_id").asText());
  }

  @Test
  void anEditOfAnOldMessageIsRefusedWithTheStatusAndNoticeBridgev2Sends() throws Exception {
    JsonNode edit = TriageJson.parse(event("edit"));
    String target = edit.at("/content/m.relates_to/event_id").asText();
    Response r =
        post(
            "{\"profile\":\"whatsapp\",\"event\":"
                + edit
                + ",\"related\":{\""
                + target
                + "\":"
                + event("text_with_bundled_relations")
                    .replaceAll("\"origin_server_ts\":\\d+", "\"origin_server_ts\":1700000000000")
                + "}}");

    assertThat(r.json().get("decision").asText()).isEqualTo("reject");
    assertThat(r.json().get("events")).isEmpty();
    JsonNode status = r.json().at("/status/content");
    assertThat(status.get("status").asText()).isEqualTo("FAIL_PERMANENT");
    assertThat(status.get("reason").asText()).isEqualTo("com.beeper.unsupported_event");
    assertThat(status.get("relates_to_txn_id").asText())
        .isEqualTo(edit.at("/unsigned/transaction_id").asText());
    assertThat(status.has("network")).isFalse();
    assertThat(r.json().at("/notice/content/body").asText())
        .startsWith("\u26a0\ufe0f Your message was not bridged: This message is too old");
  }

  @Test
  void aRedactionOfAKnownReactionIsItsRemoval() throws Exception {
    JsonNode redaction = TriageJson.parse(event("redaction_of_reaction"));
    ObjectNode reaction = (ObjectNode) TriageJson.parse(event("reaction"));
    Response r =
        post(
            "{\"capabilities\":{\"reaction\":2},\"event\":"
                + redaction
                + ",\"related\":{\""
                + redaction.get("redacts").asText()
                + "\":"
                + reaction
                + "}}");

    assertThat(r.json().get("decision").asText()).isEqualTo("forward");
    assertThat(r.json().at("/events/0/redacts").asText())
        .isEqualTo(redaction.get("redacts").asText());
  }

  @Test
  void aBatchIsAnsweredInOrderAndAnUnreadableEventDoesNotRefuseIt() throws Exception {
    Response r =
        post(
            "{\"profile\":\"signal\",\"events\":["
                + event("text")
                + ",{\"type\":\"m.room.encrypted\",\"content\":{\"algorithm\":\"m.megolm.v1.aes-sha2\"}},"
                + event("member_join")
                + ","
                + event("receipt")
                + "]}");

    assertThat(r.status()).isEqualTo(200);
    List<JsonNode> answers = new ArrayList<>();
    r.json().get("answers").forEach(answers::add);
    assertThat(answers).hasSize(4);
    assertThat(answers.get(0).get("decision").asText()).isEqualTo("forward");
    assertThat(answers.get(1).at("/error/code").asText()).isEqualTo("event_unreadable");
    assertThat(answers.get(1).at("/error/details/field").asText()).isEqualTo("events[1]");
    assertThat(answers.get(2).get("mediated").asBoolean(true)).isFalse();
    assertThat(answers.get(2).get("reason").asText()).contains("join");
    assertThat(answers.get(3).get("decision").asText()).isEqualTo("forward");
    assertThat(answers.get(3).has("status")).isFalse();
  }

  @Test
  void anUnreadableEventIs422AndAJoinIsNotMediated() throws Exception {
    Response encrypted =
        post("{\"profile\":\"signal\",\"event\":{\"type\":\"m.room.encrypted\",\"content\":{}}}");
    Response join = post("{\"profile\":\"signal\",\"event\":" + event("member_join") + "}");

    assertThat(encrypted.status()).isEqualTo(422);
    assertThat(encrypted.json().get("code").asText()).isEqualTo("event_unreadable");
    assertThat(encrypted.json().get("message").asText()).contains("encrypted");
    assertThat(join.status()).isEqualTo(200);
    assertThat(join.json().get("mediated").asBoolean(true)).isFalse();
  }

  @Test
  void aMalformedEventOrRelatedEventIsA400NamingItsPath() throws Exception {
    Response size =
        post(
            "{\"profile\":\"signal\",\"event\":{\"type\":\"m.room.message\",\"content\":{"
                + "\"msgtype\":\"m.image\",\"body\":\"a\",\"info\":{\"mimetype\":\"image/png\","
                + "\"size\":\"big\"}}}}");
    Response inBatch =
        post(
            "{\"profile\":\"signal\",\"events\":["
                + event("text")
                + ",{\"type\":\"m.room.message\",\"content\":[]}]}");
    Response related =
        post(
            "{\"profile\":\"signal\",\"event\":{\"type\":\"m.room.redaction\",\"content\":"
                + "{\"redacts\":\"$r\"}},\"related\":{\"$r\":{\"type\":\"m.reaction\",\"content\":{}}}}");
    Response sources = post("{\"event\":" + event("text") + "}");

    assertThat(size.status()).isEqualTo(400);
    assertThat(size.json().get("code").asText()).isEqualTo("invalid_field");
    assertThat(size.json().at("/details/field").asText()).isEqualTo("event.content.info.size");
    assertThat(inBatch.json().at("/details/field").asText()).isEqualTo("events[1].content");
    assertThat(related.json().at("/details/field").asText())
        .isEqualTo("related[\"$r\"].content[\"m.relates_to\"]");
    assertThat(sources.status()).isEqualTo(400);
    assertThat(sources.json().get("code").asText()).isEqualTo("invalid_request");
  }

  @Test
  void matrixEventsAreCountedByOutcome() throws Exception {
    post("{\"profile\":\"signal\",\"event\":" + event("text") + "}");
    post("{\"profile\":\"signal\",\"event\":{\"type\":\"m.room.encrypted\",\"content\":{}}}");
    post("{\"profile\":\"signal\",\"event\":" + event("member_join") + "}");

    HttpResponse<String> metrics =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains("triage_matrix_events_total{outcome=\"forward\"} 1.0")
        .contains("triage_matrix_events_total{outcome=\"unreadable\"} 1.0")
        .contains("triage_matrix_events_total{outcome=\"not_mediated\"} 1.0")
        .contains("triage_decisions_total{action=\"message\",outcome=\"forward\"} 1.0");
  }

  @Test
  void checkMatrixPrintsWhatTheRouteAnswersButTheDecisionId() throws Exception {
    String html = event("html");
    Path events = dir.resolve("events.jsonl");
    Files.writeString(events, html + "\n", StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    int status =
        Main.run(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "check",
            "--matrix",
            "--profile",
            "gvoice",
            events.toString());

    Response r = post("{\"profile\":\"gvoice\",\"event\":" + html + "}");

    assertThat(status).isZero();
    assertThat(r.text().replaceFirst("\"decisionID\":\"[0-9a-f-]{36}\",", ""))
        .isEqualTo(out.toString().strip());
  }

  @Test
  void checkMatrixRelatesLaterLinesToEarlierOnesAndReportsUnreadableLines() throws Exception {
    Path events = dir.resolve("events.jsonl");
    Files.writeString(
        events,
        String.join(
                "\n",
                event("reaction")
                    .replace("\"key\":\"👍\"", "\"key\":\"🎉\"")
                    .replaceAll(
                        "\"event_id\":\"\\$[^\"]+\",\"origin_server_ts\"",
                        Matcher.quoteReplacement(
                            "\"event_id\":\"" + reactionTarget() + "\",\"origin_server_ts\"")),
                event("redaction_of_reaction"),
                "{\"type\":\"m.room.encrypted\",\"content\":{}}",
                "{\"type\":\"m.room.message\",\"content\":{\"msgtype\":7}}")
            + "\n",
        StandardCharsets.UTF_8);
    Path caps = dir.resolve("caps.json");
    Files.writeString(caps, "{\"reaction\":-2,\"delete\":2}", StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    int status =
        Main.run(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "check",
            "--matrix",
            "--capabilities",
            caps.toString(),
            events.toString());

    List<JsonNode> lines = out.toString().lines().map(TriageJson::parse).toList();
    assertThat(status).isEqualTo(1);
    assertThat(lines).hasSize(4);
    // The redaction's target is the reaction of the line before: a reaction removal, refused
    // where reactions are, not a delete.
    assertThat(lines.get(1).get("decision").asText()).isEqualTo("reject");
    assertThat(lines.get(1).at("/notes/0/capability").asText()).isEqualTo("reaction");
    assertThat(lines.get(2).at("/error/code").asText()).isEqualTo("event_unreadable");
    assertThat(lines.get(3).at("/error/code").asText()).isEqualTo("invalid_event");
    assertThat(lines.get(3).at("/error/details/path").asText()).isEqualTo("content.msgtype");
  }

  /** The id the recorded redaction of a reaction redacts: the recorded 🎉 reaction's. */
  private static String reactionTarget() throws IOException {
    return TriageJson.parse(event("redaction_of_reaction")).get("redacts").asText();
  }
}
