package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.config.ConfigLoader;
import dev.triage.config.ReloadableConfig;
import dev.triage.config.TriageConfig;
import dev.triage.json.TriageJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real server on port 0, called over HTTP by a real client. */
final class TriageServerTest {
  /** 2026-11-25T12:00:00Z. */
  private static final long NOW = 1_795_608_000_000L;

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path dir;

  private TriageServer server;
  private int port;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(1);
    }
  }

  private void start(TriageConfig config, ReloadableConfig reloadable) {
    server =
        new TriageServer(
            config, reloadable, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    port = server.start();
  }

  private void startEmbedded() {
    start(ServeCommand.withListener(TriageConfig.embedded(), "127.0.0.1", 0), null);
  }

  private record Response(int status, JsonNode json, String text, HttpResponse<String> raw) {}

  private Response send(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response =
        CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
      json = TriageJson.parse(response.body());
    }
    return new Response(response.statusCode(), json, response.body(), response);
  }

  @Nested
  final class Mediate {
    @Test
    void aSingleActionAgainstAProfileGetsAVerdictWithADecisionId() throws Exception {
      startEmbedded();

      Response r =
          send(
              "POST",
              "/v1/mediate",
              "{\"profile\":\"whatsapp\",\"action\":{\"type\":\"message\",\"text\":\"hi\"}}");

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get("decisionID").asText()).matches("[0-9a-f-]{36}");
      assertThat(r.json().get("decision").asText()).isEqualTo("forward");
    }

    @Test
    void aBatchIsCountedPerActionAndTimedOnce() throws Exception {
      startEmbedded();

      Response batch =
          send(
              "POST",
              "/v1/mediate",
              "{\"profile\":\"whatsapp\",\"actions\":["
                  + "{\"type\":\"message\",\"text\":\"one\"},"
                  + "{\"type\":\"message\",\"text\":\"two\"},"
                  + "{\"type\":\"typing\",\"typing\":true},"
                  + "{\"type\":\"message\",\"text\":\"three\"}]}");
      Response metrics = send("GET", "/metrics", null);

      assertThat(batch.json().get("verdicts")).hasSize(4);
      assertThat(batch.json().get("verdicts").get(2).get("decisionID").asText())
          .isNotEqualTo(batch.json().get("verdicts").get(1).get("decisionID").asText());
      assertThat(metrics.text())
          .contains("triage_decisions_total{action=\"message\",outcome=\"forward\"} 3.0")
          .containsPattern("triage_decision_duration_seconds_count 1(\\.0)?\n")
          .contains("triage_decision_duration_seconds_bucket{le=\"1.0E-6\"}");
    }

    @Test
    void aClientAskingForGzipGetsItForLargeAnswersOnly() throws Exception {
      startEmbedded();
      HttpResponse<byte[]> small =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/mediate"))
                  .header("Content-Type", "application/json")
                  .header("Accept-Encoding", "gzip")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"profile\":\"whatsapp\",\"action\":{\"type\":\"message\",\"text\":\"hi\"}}"))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> large =
          CLIENT.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/v1/capability-matrix"))
                  .header("Accept-Encoding", "gzip")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());

      assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(TriageJson.parse(small.body()).get("decision").asText()).isEqualTo("forward");
      assertThat(large.headers().firstValue("Content-Encoding")).contains("gzip");
      try (java.io.InputStream unzipped =
          new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(large.body()))) {
        assertThat(TriageJson.parse(unzipped).isObject()).isTrue();
      }
    }

    @Test
    void theVerdictIsByteForByteWhatCheckPrintsButForTheDecisionId() throws Exception {
      startEmbedded();
      String action =
          "{\"type\":\"edit\",\"messageID\":\"$m\",\"sentAt\":1795607000000,\"text\":\"late\"}";
      Path actions = dir.resolve("a.jsonl");
      Files.writeString(actions, action + "\n");
      StringWriter out = new StringWriter();
      Main.run(
          new PrintWriter(out),
          new PrintWriter(new StringWriter()),
          "check",
          "--profile",
          "signal",
          "--now",
          String.valueOf(NOW),
          actions.toString());

      Response r =
          send("POST", "/v1/mediate", "{\"profile\":\"signal\",\"action\":" + action + "}");

      String http = r.text().replaceFirst("\"decisionID\":\"[0-9a-f-]{36}\",", "");
      assertThat(http).isEqualTo(out.toString().strip());
    }

    @Test
    void aBatchGetsOneVerdictPerActionInOrder() throws Exception {
      startEmbedded();

      Response r =
          send(
              "POST",
              "/v1/mediate",
              "{\"capabilities\":{\"reply\":0,\"typing_notifications\":false},\"actions\":["
                  + "{\"type\":\"message\",\"text\":\"a\",\"replyTo\":{\"messageID\":\"$q\",\"text\":\"q\"}},"
                  + "{\"type\":\"typing\",\"typing\":true},"
                  + "{\"type\":\"poll\",\"question\":\"?\",\"options\":[\"x\"]}]}");

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get("verdicts"))
          .extracting(v -> v.get("decision").asText())
          .containsExactly("degrade", "drop", "degrade");
    }

    @Test
    void explainAddsTheReasoning() throws Exception {
      startEmbedded();

      Response r =
          send(
              "POST",
              "/v1/mediate?explain=true",
              "{\"profile\":\"slack\",\"action\":{\"type\":\"location\",\"latitude\":1,\"longitude\":2}}");

      assertThat(r.json().get("decision").asText()).isEqualTo("reject");
      assertThat(r.json().get("explanation").get(0).get("capability").asText())
          .isEqualTo("location_message");
      assertThat(r.json().get("explanation").get(0).get("value").asText()).isEqualTo("-2");
    }

    @Test
    void aChatIdIsResolvedThroughTheStoreAndTheDefaultNetwork() throws Exception {
      startEmbedded();
      send("PUT", "/v1/chats/!a:x/capabilities?profile=slack", null);

      Response slack =
          send(
              "POST",
              "/v1/mediate",
              "{\"chatID\":\"!a:x\",\"action\":{\"type\":\"location\",\"latitude\":1,\"longitude\":2}}");
      Response unlisted =
          send(
              "POST",
              "/v1/mediate",
              "{\"chatID\":\"!b:x\",\"action\":{\"type\":\"location\",\"latitude\":1,\"longitude\":2}}");

      assertThat(slack.json().get("decision").asText()).isEqualTo("reject");
      assertThat(unlisted.json().get("decision").asText()).isEqualTo("forward");
    }

    @Test
    void badRequestsAre400sThatNameTheField() throws Exception {
      startEmbedded();

      Response malformed = send("POST", "/v1/mediate", "{\"profile\":");
      Response wrongField =
          send(
              "POST",
              "/v1/mediate",
              "{\"profile\":\"whatsapp\",\"action\":{\"type\":\"delete\",\"messageID\":\"$m\","
                  + "\"forEveryone\":\"yes\"}}");
      Response inBatch =
          send(
              "POST",
              "/v1/mediate",
              "{\"profile\":\"whatsapp\",\"actions\":[{\"type\":\"typing\",\"typing\":true},{\"type\":\"typing\"}]}");
      Response badCaps =
          send(
              "POST",
              "/v1/mediate",
              "{\"capabilities\":{\"edit\":9},\"action\":{\"type\":\"typing\",\"typing\":true}}");
      Response twoSources =
          send(
              "POST",
              "/v1/mediate",
              "{\"profile\":\"whatsapp\",\"chatID\":\"!a\",\"action\":{\"type\":\"typing\",\"typing\":true}}");
      Response unknownField =
          send("POST", "/v1/mediate", "{\"profile\":\"whatsapp\",\"acton\":{}}");
      Response unknownProfile =
          send(
              "POST",
              "/v1/mediate",
              "{\"profile\":\"myspace\",\"action\":{\"type\":\"typing\",\"typing\":true}}");

      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.json().get("code").asText()).isEqualTo("invalid_json");
      assertThat(wrongField.json().get("message").asText())
          .isEqualTo("action.forEveryone: must be true or false, got the string \"yes\"");
      assertThat(wrongField.json().at("/details/field").asText()).isEqualTo("action.forEveryone");
      assertThat(inBatch.json().at("/details/field").asText()).isEqualTo("actions[1].typing");
      assertThat(badCaps.json().get("message").asText())
          .isEqualTo("capabilities.edit: must be a level from -2 to 2, got 9");
      assertThat(twoSources.status()).isEqualTo(400);
      assertThat(unknownField.json().get("message").asText()).startsWith("acton: unknown field");
      assertThat(unknownProfile.json().get("code").asText()).isEqualTo("unknown_profile");
    }
  }

  @Nested
  final class Chats {
    @Test
    void capabilitiesArePutInEitherSpellingReadAndDeleted() throws Exception {
      startEmbedded();

      Response put =
          send("PUT", "/v1/chats/!a:x/capabilities", "{\"maxTextLength\": 10, \"reply\": 2}");
      Response got = send("GET", "/v1/chats/!a:x/capabilities?spelling=desktop", null);
      Response deleted = send("DELETE", "/v1/chats/!a:x/capabilities", null);
      Response again = send("DELETE", "/v1/chats/!a:x/capabilities", null);
      Response fallback = send("GET", "/v1/chats/!a:x/capabilities", null);

      assertThat(put.status()).isEqualTo(200);
      assertThat(put.json().get("capabilities"))
          .isEqualTo(TriageJson.parse("{\"max_text_length\":10,\"reply\":2}"));
      assertThat(got.json().get("capabilities"))
          .isEqualTo(TriageJson.parse("{\"maxTextLength\":10,\"reply\":2}"));
      assertThat(got.json().get("source").asText()).isEqualTo("document");
      assertThat(deleted.status()).isEqualTo(204);
      assertThat(again.status()).isEqualTo(404);
      assertThat(fallback.json().get("network").asText()).isEqualTo("default");
    }

    @Test
    void aProfileWithADeltaBody() throws Exception {
      startEmbedded();

      Response put = send("PUT", "/v1/chats/!a:x/capabilities?profile=whatsapp", "{\"edit\": 0}");

      assertThat(put.json().get("source").asText()).isEqualTo("network whatsapp + delta");
      assertThat(put.json().at("/capabilities/edit").isMissingNode()).isTrue();
      assertThat(put.json().at("/capabilities/reply").asInt()).isEqualTo(2);
    }

    @Test
    void aProfileNoNetworkCarriesIsTheChatsOwnDocumentNotANetworkName() throws Exception {
      start(
          ConfigLoader.withEnvironment(Map.of())
              .parse(
                  "server: {port: 0}\ndefaultNetwork: wa\n"
                      + "networks: {wa: {profile: whatsapp}, tg: {profile: telegram}}\n",
                  "test"),
          null);

      Response onItsNetwork = send("PUT", "/v1/chats/!a:x/capabilities?profile=telegram", null);
      Response noNetwork =
          send("PUT", "/v1/chats/!b:x/capabilities?profile=signal", "{\"edit\": 0}");
      Response unknown = send("PUT", "/v1/chats/!c:x/capabilities?profile=tg", null);

      assertThat(onItsNetwork.json().get("network").asText()).isEqualTo("tg");
      assertThat(noNetwork.json().get("source").asText()).isEqualTo("document");
      assertThat(noNetwork.json().at("/capabilities/edit").isMissingNode()).isTrue();
      assertThat(noNetwork.json().at("/capabilities/id").asText())
          .isEqualTo(dev.triage.config.ShippedProfiles.get("signal").orElseThrow().id());
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.json().get("code").asText()).isEqualTo("unknown_profile");
    }

    @Test
    void anUnknownProfileOrAnInvalidDocumentIsA400AndChangesNothing() throws Exception {
      startEmbedded();
      send("PUT", "/v1/chats/!a:x/capabilities", "{\"reply\": 2}");

      Response unknown = send("PUT", "/v1/chats/!a:x/capabilities?profile=myspace", null);
      Response invalid =
          send(
              "PUT",
              "/v1/chats/!a:x/capabilities",
              "{\"file\": {\"m.image\": {\"max_size\": \"big\"}}}");

      assertThat(unknown.status()).isEqualTo(400);
      assertThat(invalid.json().get("message").asText())
          .startsWith("file[\"m.image\"].max_size: must be a whole number");
      assertThat(send("GET", "/v1/chats/!a:x/capabilities", null).json().get("capabilities"))
          .isEqualTo(TriageJson.parse("{\"reply\":2}"));
    }

    @Test
    void withoutADefaultNetworkAnUnknownChatIs404() throws Exception {
      TriageConfig config =
          ConfigLoader.withEnvironment(Map.of())
              .parse("server: {port: 0}\nnetworks: {wa: {profile: whatsapp}}\n", "test");
      start(config, null);

      Response r =
          send(
              "POST",
              "/v1/mediate",
              "{\"chatID\":\"!nobody\",\"action\":{\"type\":\"typing\",\"typing\":true}}");

      assertThat(r.status()).isEqualTo(404);
      assertThat(r.json().get("code").asText()).isEqualTo("unknown_chat");
    }
  }

  @Nested
  final class Operations {
    @Test
    void profilesHealthMetricsAndOpenApi() throws Exception {
      startEmbedded();
      send(
          "POST",
          "/v1/mediate",
          "{\"profile\":\"whatsapp\",\"action\":{\"type\":\"message\",\"text\":\"hi\"}}");

      Response profiles = send("GET", "/v1/profiles", null);
      Response profile = send("GET", "/v1/profiles/signal.group?spelling=desktop", null);
      Response live = send("GET", "/health/live", null);
      Response ready = send("GET", "/health/ready", null);
      Response metrics = send("GET", "/metrics", null);
      Response openapi = send("GET", "/v1/openapi.json", null);

      assertThat(profiles.json().get("profiles")).hasSize(31);
      assertThat(profile.json().has("participantActions")).isTrue();
      assertThat(live.json().get("status").asText()).isEqualTo("UP");
      assertThat(ready.status()).isEqualTo(200);
      assertThat(metrics.text())
          .contains("triage_decisions_total{action=\"message\",outcome=\"forward\"} 1.0")
          .contains("triage_decision_duration_seconds_bucket")
          .contains("triage_http_requests_total{status=\"2xx\"}")
          .contains("triage_http_requests_active");
      assertThat(openapi.json().get("openapi").asText()).startsWith("3.");
      assertThat(openapi.json().get("paths")).hasSizeGreaterThan(8);
    }

    @Test
    void unknownRoutesWrongMethodsMediaTypesAndBigBodiesAreJsonErrors() throws Exception {
      TriageConfig config =
          ConfigLoader.withEnvironment(Map.of())
              .parse(
                  "server: {port: 0, bodyLimit: 100}\nnetworks: {wa: {profile: whatsapp}}\n",
                  "test");
      start(config, null);

      Response notFound = send("GET", "/v1/nothing", null);
      Response wrongMethod = send("DELETE", "/v1/mediate", null);
      Response tooBig =
          send(
              "POST",
              "/v1/mediate",
              "{\"profile\":\"whatsapp\",\"action\":{\"type\":\"message\",\"text\":\""
                  + "x".repeat(200)
                  + "\"}}");
      HttpResponse<String> text =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/mediate"))
                  .header("Content-Type", "text/plain")
                  .POST(HttpRequest.BodyPublishers.ofString("hello"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(notFound.status()).isEqualTo(404);
      assertThat(notFound.json().get("code").asText()).isEqualTo("not_found");
      assertThat(wrongMethod.status()).isEqualTo(405);
      assertThat(wrongMethod.json().get("code").asText()).isEqualTo("method_not_allowed");
      assertThat(tooBig.status()).isEqualTo(413);
      assertThat(tooBig.json().get("code").asText()).isEqualTo("body_too_large");
      assertThat(text.statusCode()).isEqualTo(415);
      assertThat(TriageJson.parse(text.body()).get("code").asText())
          .isEqualTo("unsupported_media_type");
    }

    @Test
    void aTokenGuardsEveryRouteButHealth() throws Exception {
      TriageConfig config =
          ConfigLoader.withEnvironment(Map.of("T", "s3cret"))
              .parse(
                  "server: {port: 0, token: \"${T}\"}\nnetworks: {wa: {profile: whatsapp}}\n",
                  "test");
      start(config, null);

      Response none = send("GET", "/v1/profiles", null);
      Response wrong = send("GET", "/v1/profiles", null, "Authorization", "Bearer s3cre");
      Response right = send("GET", "/v1/profiles", null, "Authorization", "Bearer s3cret");
      Response metrics = send("GET", "/metrics", null);
      Response health = send("GET", "/health/live", null);

      assertThat(none.status()).isEqualTo(401);
      assertThat(none.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.json().get("message").asText()).isEqualTo("the bearer token is not valid");
      assertThat(right.status()).isEqualTo(200);
      assertThat(metrics.status()).isEqualTo(401);
      assertThat(health.status()).isEqualTo(200);
    }

    @Test
    void withoutATokenItRefusesToListenBeyondLoopback() {
      TriageServer open =
          new TriageServer(
              ServeCommand.withListener(TriageConfig.embedded(), "0.0.0.0", 0),
              null,
              Clock.systemUTC());

      assertThatThrownBy(open::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("refusing to listen on 0.0.0.0 without a token");
    }

    @Test
    void reloadAppliesAGoodConfigurationAndKeepsTheRunningOneOnABadOne() throws Exception {
      Path file = dir.resolve("triage.yaml");
      Files.writeString(
          file, "server: {port: 0}\ndefaultNetwork: wa\nnetworks: {wa: {profile: whatsapp}}\n");
      ReloadableConfig reloadable =
          new ReloadableConfig(ConfigLoader.withEnvironment(Map.of()), file);
      start(reloadable.current(), reloadable);
      String location =
          "{\"chatID\":\"!a\",\"action\":{\"type\":\"location\",\"latitude\":1,\"longitude\":2}}";

      Files.writeString(
          file, "server: {port: 0}\ndefaultNetwork: sl\nnetworks: {sl: {profile: slack}}\n");
      Response good = send("POST", "/v1/config/reload", null);
      Response afterGood = send("POST", "/v1/mediate", location);
      Files.writeString(
          file, "server: {port: 0}\ndefaultNetwork: nope\nnetworks: {sl: {profile: slack}}\n");
      Response bad = send("POST", "/v1/config/reload", null);
      Response afterBad = send("POST", "/v1/mediate", location);

      assertThat(good.status()).isEqualTo(200);
      assertThat(afterGood.json().get("decision").asText()).isEqualTo("reject");
      assertThat(bad.status()).isEqualTo(422);
      assertThat(bad.json().at("/details/problems/0").asText())
          .isEqualTo("defaultNetwork: nope is not one of the networks [sl]");
      assertThat(afterBad.json().get("decision").asText()).isEqualTo("reject");
    }

    @Test
    void reloadKeepsTheOverridesOfTheCommandLine() throws Exception {
      Path file = dir.resolve("triage.yaml");
      Files.writeString(file, "networks: {wa: {profile: whatsapp}}\n");
      ReloadableConfig reloadable =
          new ReloadableConfig(ConfigLoader.withEnvironment(Map.of()), file);
      server =
          new TriageServer(
              reloadable.current(),
              reloadable,
              Clock.systemUTC(),
              config ->
                  ServeCommand.withListener(
                      new TriageConfig(
                          new TriageConfig.Server(
                              "127.0.0.1",
                              0,
                              "t0ken",
                              1024 * 1024,
                              java.time.Duration.ofSeconds(30),
                              null),
                          config.logging(),
                          config.defaultNetwork(),
                          config.networks(),
                          config.chats()),
                      null,
                      null));
      port = server.start();

      Response reload = send("POST", "/v1/config/reload", null, "Authorization", "Bearer t0ken");
      Response after = send("GET", "/v1/profiles", null);

      assertThat(reload.status()).isEqualTo(200);
      assertThat(after.status()).as("the token still applies after the reload").isEqualTo(401);
    }

    @Test
    void reloadOnTheEmbeddedDefaultsSaysThereIsNothingToReload() throws Exception {
      startEmbedded();

      Response r = send("POST", "/v1/config/reload", null);

      assertThat(r.status()).isEqualTo(409);
    }

    @Test
    void shutdownLetsARequestInFlightFinish() throws Exception {
      startEmbedded();
      String body =
          "{\"profile\":\"whatsapp\",\"action\":{\"type\":\"message\",\"text\":\"still here\"}}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      try (Socket socket = new Socket("127.0.0.1", port)) {
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /v1/mediate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + bytes.length
                    + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes, 0, 10);
        out.flush();
        Thread.sleep(200);

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.stop(10));
        Thread.sleep(300);
        assertThat(stopping).isNotDone();
        out.write(bytes, 10, bytes.length - 10);
        out.flush();

        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
        String line;
        String last = "";
        while ((line = in.readLine()) != null) {
          last = line;
        }
        assertThat(last).contains("still here");
        stopping.get();
      }
      server = null;
    }
  }

  @Nested
  final class Actions {
    @Test
    void anActionIsMediatedThenDeliveredToTheLoopbackAndListed() throws Exception {
      startEmbedded();
      send("PUT", "/v1/chats/!a:x/capabilities?profile=whatsapp", "{\"max_text_length\": 12}");

      Response sent =
          send(
              "POST",
              "/v1/actions",
              "{\"chatID\":\"!a:x\",\"action\":{\"type\":\"message\",\"id\":\"tx1\",\"text\":\"First part. Second part.\"}}");
      Response listed = send("GET", "/v1/chats/!a:x/messages", null);

      assertThat(sent.status()).isEqualTo(200);
      assertThat(sent.json().get("decision").asText()).isEqualTo("degrade");
      assertThat(sent.json().get("deliveries")).hasSize(2);
      assertThat(sent.json().at("/deliveries/0/status").asText()).isEqualTo("SUCCESS");
      assertThat(sent.json().at("/sendStatus/status").asText()).isEqualTo("SUCCESS");
      // The Desktop API's shape: newest first.
      assertThat(listed.json().get("items"))
          .extracting(item -> item.get("text").asText())
          .containsExactly("Second part.", "First part.");
      assertThat(listed.json().at("/items/1/id").asText())
          .isEqualTo(sent.json().at("/deliveries/0/messageID").asText());
    }

    @Test
    void aRepeatedIdDeliversNothingAgain() throws Exception {
      startEmbedded();
      send("PUT", "/v1/chats/!a:x/capabilities?profile=whatsapp", null);
      String request =
          "{\"chatID\":\"!a:x\",\"action\":{\"type\":\"message\",\"id\":\"tx1\",\"text\":\"once\"}}";

      Response first = send("POST", "/v1/actions", request);
      Response again = send("POST", "/v1/actions", request);

      assertThat(again.json().get("deliveries")).isEqualTo(first.json().get("deliveries"));
      assertThat(send("GET", "/v1/chats/!a:x/messages", null).json().get("items")).hasSize(1);
    }

    @Test
    void editsReactionsAndDeletesReachWhatTheLoopbackHolds() throws Exception {
      startEmbedded();
      send("PUT", "/v1/chats/!a:x/capabilities?profile=whatsapp", null);
      String id =
          send(
                  "POST",
                  "/v1/actions",
                  "{\"chatID\":\"!a:x\",\"action\":{\"type\":\"message\",\"text\":\"hi\"}}")
              .json()
              .at("/deliveries/0/messageID")
              .asText();

      send(
          "POST",
          "/v1/actions",
          "{\"chatID\":\"!a:x\",\"action\":{\"type\":\"edit\",\"messageID\":\""
              + id
              + "\",\"text\":\"hey\"}}");
      send(
          "POST",
          "/v1/actions",
          "{\"chatID\":\"!a:x\",\"action\":{\"type\":\"reaction\",\"messageID\":\""
              + id
              + "\",\"key\":\"👍\",\"existing\":0}}");
      JsonNode item = send("GET", "/v1/chats/!a:x/messages", null).json().at("/items/0");
      Response deleted =
          send(
              "POST",
              "/v1/actions",
              "{\"chatID\":\"!a:x\",\"action\":{\"type\":\"delete\",\"messageID\":\""
                  + id
                  + "\",\"forEveryone\":true}}");

      assertThat(item.get("text").asText()).isEqualTo("hey");
      assertThat(item.has("editedTimestamp")).isTrue();
      assertThat(item.at("/reactions/0/reactionKey").asText()).isEqualTo("👍");
      assertThat(deleted.json().at("/sendStatus/status").asText()).isEqualTo("SUCCESS");
      assertThat(send("GET", "/v1/chats/!a:x/messages", null).json().get("items")).isEmpty();
    }

    @Test
    void aRejectedActionIsNotDelivered() throws Exception {
      startEmbedded();
      send("PUT", "/v1/chats/!s:x/capabilities?profile=slack", null);

      Response r =
          send(
              "POST",
              "/v1/actions",
              "{\"chatID\":\"!s:x\",\"action\":{\"type\":\"location\",\"latitude\":1,\"longitude\":2}}");

      assertThat(r.json().get("decision").asText()).isEqualTo("reject");
      assertThat(r.json().get("deliveries")).isEmpty();
      assertThat(r.json().at("/sendStatus/status").asText()).isEqualTo("FAIL_PERMANENT");
      assertThat(send("GET", "/v1/chats/!s:x/messages", null).json().get("items")).isEmpty();
    }

    @Test
    void aWebhookWhoseBreakerIsOpenShowsInReadiness() throws Exception {
      int closedPort;
      try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
        closedPort = socket.getLocalPort();
      }
      TriageConfig config =
          ConfigLoader.withEnvironment(Map.of())
              .parse(
                  "server: {port: 0}\ndefaultNetwork: wa\nnetworks: {wa: {profile: whatsapp, adapter: {type: webhook, url: \"http://127.0.0.1:"
                      + closedPort
                      + "/x\", retries: 0}}}\n",
                  "test");
      start(config, null);

      Response first =
          send(
              "POST",
              "/v1/actions",
              "{\"chatID\":\"!a\",\"action\":{\"type\":\"message\",\"text\":\"hi\"}}");
      for (int i = 0; i < 5; i++) {
        send(
            "POST",
            "/v1/actions",
            "{\"chatID\":\"!a\",\"action\":{\"type\":\"message\",\"text\":\"hi\"}}");
      }
      Response ready = send("GET", "/health/ready", null);

      assertThat(first.json().at("/sendStatus/status").asText()).isEqualTo("FAIL_RETRIABLE");
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.json().at("/undeliverable/0/network").asText()).isEqualTo("wa");
      assertThat(ready.json().at("/undeliverable/0/reason").asText())
          .contains("circuit breaker is open");
    }

    @Test
    void aRequestWithoutChatIsA400() throws Exception {
      startEmbedded();

      Response r =
          send("POST", "/v1/actions", "{\"action\":{\"type\":\"typing\",\"typing\":true}}");

      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().at("/details/field").asText()).isEqualTo("chatID");
    }
  }

  @Nested
  final class Desktop {
    @Test
    void anUnlistedChatOnADesktopNetworkIsMediatedAgainstWhatTheDesktopApiSays() throws Exception {
      java.util.List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
      com.sun.net.httpserver.HttpServer api =
          com.sun.net.httpserver.HttpServer.create(
              new java.net.InetSocketAddress("127.0.0.1", 0), 0);
      api.createContext(
          "/",
          exchange -> {
            paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
            byte[] answer =
                (exchange.getRequestMethod().equals("GET")
                        ? "{\"id\":\"!d\",\"capabilities\":{\"reply\":0}}"
                        : "{\"pendingMessageID\":\"m-1\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
          });
      api.start();
      try {
        TriageConfig config =
            ConfigLoader.withEnvironment(Map.of())
                .parse(
                    "server: {port: 0}\ndefaultNetwork: d\nnetworks: {d: {profile: whatsapp, adapter: {type: beeper-desktop, url: \"http://127.0.0.1:"
                        + api.getAddress().getPort()
                        + "\", token: t}}}\n",
                    "test");
        start(config, null);

        Response r =
            send(
                "POST",
                "/v1/actions",
                "{\"chatID\":\"!d\",\"action\":{\"type\":\"message\",\"text\":\"yes\",\"replyTo\":{\"messageID\":\"m-0\",\"text\":\"q\"}}}");

        // WhatsApp's profile supports replies; this chat, as the Desktop API says, does not.
        assertThat(r.json().get("decision").asText()).isEqualTo("degrade");
        assertThat(r.json().at("/notes/0/code").asText()).isEqualTo("reply.fallback_quote");
        assertThat(r.json().at("/deliveries/0/messageID").asText()).isEqualTo("m-1");
        assertThat(paths).containsExactly("GET /v1/chats/%21d", "POST /v1/chats/%21d/messages");
      } finally {
        api.stop(0);
      }
    }
  }

  @Nested
  final class Webhook {
    @Test
    void actionsForAWebhookNetworkArePostedToItsReceiver() throws Exception {
      java.util.List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
      com.sun.net.httpserver.HttpServer receiver =
          com.sun.net.httpserver.HttpServer.create(
              new java.net.InetSocketAddress("127.0.0.1", 0), 0);
      receiver.createContext(
          "/hook",
          exchange -> {
            bodies.add(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"messageID\":\"$wa-9\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
          });
      receiver.start();
      try {
        TriageConfig config =
            ConfigLoader.withEnvironment(Map.of())
                .parse(
                    "server: {port: 0}\ndefaultNetwork: wa\nnetworks: {wa: {profile: whatsapp, adapter: {type: webhook, url: \"http://127.0.0.1:"
                        + receiver.getAddress().getPort()
                        + "/hook\", secret: s, retries: 0}}}\n",
                    "test");
        start(config, null);

        Response r =
            send(
                "POST",
                "/v1/actions",
                "{\"chatID\":\"!a\",\"action\":{\"type\":\"message\",\"id\":\"tx\",\"text\":\"hi\"}}");
        Response messages = send("GET", "/v1/chats/!a/messages", null);

        assertThat(r.json().at("/deliveries/0/messageID").asText()).isEqualTo("$wa-9");
        assertThat(bodies)
            .singleElement()
            .satisfies(
                b ->
                    assertThat(TriageJson.parse(b).get("id").asText())
                        .isEqualTo(dev.triage.delivery.IdempotencyKeys.key("!a", "tx", 1)));
        assertThat(messages.status()).as("the chat is not listed").isEqualTo(404);
        assertThat(send("GET", "/metrics", null).text())
            .contains("triage_webhook_breaker_state{network=\"wa\"} 0.0");
      } finally {
        receiver.stop(0);
      }
    }
  }

  @Nested
  final class Facade {
    @Test
    void aDegradedSendSucceedsAndSaysWhatChangedARejectedOneIs422() throws Exception {
      startEmbedded();
      String chat = "/v1/chats/!demo-gvoice:triage.local";
      String long160 = "word ".repeat(40).strip();

      Response split = send("POST", chat + "/messages", "{\"text\":\"" + long160 + "\"}");
      String id = split.json().get("pendingMessageID").asText();
      Response rejected =
          send("POST", chat + "/messages/" + id + "/reactions", "{\"reactionKey\":\"👍\"}");
      Response chatJson = send("GET", chat, null);
      Response unknown = send("GET", "/v1/chats/!nobody:x", null);

      assertThat(split.status()).isEqualTo(200);
      assertThat(split.raw().headers().firstValue("X-Triage-Decision")).contains("degrade");
      assertThat(split.raw().headers().firstValue("X-Triage-Notes")).contains("text.split");
      assertThat(split.json().at("/triage/decision").asText()).isEqualTo("degrade");
      assertThat(rejected.status()).isEqualTo(422);
      assertThat(rejected.json().get("code").asText()).isEqualTo("feature.unsupported");
      assertThat(rejected.json().at("/details/capability").asText()).isEqualTo("reaction");
      assertThat(chatJson.json().at("/capabilities/maxTextLength").asInt()).isEqualTo(160);
      assertThat(unknown.status()).isEqualTo(404);
    }

    // bridgev2 portal.go handleMatrixReaction: at MaxReactions (WhatsApp: 1) the oldest goes.
    @Test
    void aReactionAtTheLimitReplacesTheSendersOldest() throws Exception {
      startEmbedded();
      String chat = "/v1/chats/!demo-whatsapp:triage.local";
      String id =
          send("POST", chat + "/messages", "{\"text\":\"hi\"}")
              .json()
              .get("pendingMessageID")
              .asText();

      send("POST", chat + "/messages/" + id + "/reactions", "{\"reactionKey\":\"❤️\"}");
      Response replaced =
          send("POST", chat + "/messages/" + id + "/reactions", "{\"reactionKey\":\"👍\"}");
      Response again =
          send("POST", chat + "/messages/" + id + "/reactions", "{\"reactionKey\":\"👍\"}");
      JsonNode message = send("GET", chat + "/messages/" + id, null).json();

      assertThat(replaced.status()).isEqualTo(200);
      assertThat(replaced.json().at("/triage/decision").asText()).isEqualTo("degrade");
      assertThat(replaced.raw().headers().firstValue("X-Triage-Notes"))
          .contains("reaction.replaced_oldest");
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.raw().headers().firstValue("X-Triage-Notes")).contains("reaction.duplicate");
      assertThat(message.get("reactions"))
          .extracting(r -> r.get("reactionKey").asText())
          .containsExactly("👍");
    }

    @Test
    void aDroppedEditIsRefusedWith422NotReportedAsSent() throws Exception {
      startEmbedded();
      String chat = "/v1/chats/!quiet:x";
      send("PUT", chat + "/capabilities?profile=whatsapp", "{\"edit\":-1}");
      String id =
          send("POST", chat + "/messages", "{\"text\":\"hi\"}")
              .json()
              .get("pendingMessageID")
              .asText();

      Response edited = send("PUT", chat + "/messages/" + id, "{\"text\":\"hey\"}");

      assertThat(edited.status()).isEqualTo(422);
      assertThat(edited.json().get("code").asText()).isEqualTo("action.ignored");
      assertThat(edited.json().at("/details/decision").asText()).isEqualTo("drop");
      assertThat(edited.json().at("/details/reason").asText()).isEqualTo("m.event_not_handled");
    }

    // The official client deletes with client.messages.delete(id, {chatID}): no forEveryone. That
    // is the chat's ordinary delete, as a Matrix redaction is.
    @Test
    void deletingWithoutForEveryoneIsTheOrdinaryDeleteForEveryone() throws Exception {
      startEmbedded();
      String chat = "/v1/chats/!demo-whatsapp:triage.local";
      String id =
          send("POST", chat + "/messages", "{\"text\":\"hi\"}")
              .json()
              .get("pendingMessageID")
              .asText();

      Response deleted = send("DELETE", chat + "/messages/" + id, null);
      Response gone = send("GET", chat + "/messages/" + id, null);

      assertThat(deleted.status()).isEqualTo(200);
      assertThat(gone.status()).isEqualTo(404);
    }

    @Test
    void deletingOnlyForMeStillNeedsDeleteForMeAndAnUnclearValueIsRefused() throws Exception {
      startEmbedded();
      String chat = "/v1/chats/!forme:x";
      send("PUT", chat + "/capabilities?profile=whatsapp", "{\"delete_for_me\":false}");
      String id =
          send("POST", chat + "/messages", "{\"text\":\"hi\"}")
              .json()
              .get("pendingMessageID")
              .asText();

      Response forMe = send("DELETE", chat + "/messages/" + id + "?forEveryone=false", null);
      Response unclear = send("DELETE", chat + "/messages/" + id + "?forEveryone=maybe", null);

      assertThat(forMe.status()).isEqualTo(422);
      assertThat(forMe.json().get("code").asText()).isEqualTo("delete.for_me_unsupported");
      assertThat(unclear.status()).isEqualTo(400);
      assertThat(unclear.json().get("message").asText())
          .isEqualTo("forEveryone: must be true or false, got \"maybe\"");
      assertThat(send("GET", chat + "/messages/" + id, null).status()).isEqualTo(200);
    }
  }

  @Nested
  final class Tls {
    @Test
    void withAKeystoreItServesHttpsOnly() throws Exception {
      Path keystore = dir.resolve("triage.p12");
      Process keytool =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                  "-genkeypair",
                  "-alias",
                  "triage",
                  "-keyalg",
                  "RSA",
                  "-keysize",
                  "2048",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  keystore.toString(),
                  "-storepass",
                  "s3cret",
                  "-dname",
                  "CN=localhost",
                  "-validity",
                  "2",
                  "-ext",
                  "SAN=ip:127.0.0.1")
              .redirectErrorStream(true)
              .start();
      assertThat(keytool.waitFor()).isZero();
      TriageConfig config =
          ConfigLoader.withEnvironment(Map.of())
              .parse(
                  "server: {port: 0, tls: {keystore: \""
                      + keystore
                      + "\", password: s3cret}}\nnetworks: {wa: {profile: whatsapp}}\n",
                  "test");
      start(config, null);
      java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
      try (java.io.InputStream in = Files.newInputStream(keystore)) {
        trust.load(in, "s3cret".toCharArray());
      }
      javax.net.ssl.TrustManagerFactory trusted =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      trusted.init(trust);
      javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
      tls.init(null, trusted.getTrustManagers(), null);
      HttpClient https = HttpClient.newBuilder().sslContext(tls).build();

      HttpResponse<String> secure =
          https.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health/live"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(secure.statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> send("GET", "/health/live", null))
          .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aMissingKeystoreIsAConfigurationError() {
      assertThatThrownBy(
              () ->
                  ConfigLoader.withEnvironment(Map.of())
                      .parse(
                          "server: {tls: {keystore: /nonexistent/x.p12}}\nnetworks: {wa: {profile: whatsapp}}\n",
                          "test"))
          .isInstanceOfSatisfying(
              dev.triage.config.ConfigException.class,
              e ->
                  assertThat(e.problems())
                      .containsExactly("server.tls.keystore: cannot read /nonexistent/x.p12"));
    }
  }
}
