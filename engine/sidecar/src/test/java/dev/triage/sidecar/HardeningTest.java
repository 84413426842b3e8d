package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.config.ConfigLoader;
import dev.triage.config.ReloadableConfig;
import dev.triage.json.TriageJson;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an attacker on loopback tried against the real server (issue 13), each now refused or
 * survived: the real server on port 0, real HTTP clients and raw sockets.
 */
final class HardeningTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String MEDIATE =
      "{\"profile\":\"whatsapp\",\"action\":{\"type\":\"message\",\"text\":\"hi\"}}";

  @TempDir Path dir;
  private TriageServer server;
  private int port;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(1);
    }
  }

  private void start(String yaml) throws Exception {
    Path file = dir.resolve("triage.yaml");
    Files.writeString(file, yaml);
    ReloadableConfig reloadable =
        new ReloadableConfig(ConfigLoader.withEnvironment(Map.of()), file);
    server = new TriageServer(reloadable.current(), reloadable, Clock.systemUTC());
    port = server.start();
  }

  private HttpResponse<String> post(String path, byte[] body, String contentType, String... more)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < more.length; i += 2) {
      request.header(more[i], more[i + 1]);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    return TriageJson.parse(response.body());
  }

  @Test
  void aReloadThatWouldDropTheTokenBeyondLoopbackIsRefusedAndTheTokenStays() throws Exception {
    start("server: {host: 0.0.0.0, port: 0, token: s3cret}\nnetworks: {wa: {profile: whatsapp}}\n");
    Files.writeString(
        dir.resolve("triage.yaml"),
        "server: {host: 0.0.0.0, port: 0, token: \"\"}\nnetworks: {wa: {profile: whatsapp}}\n");

    HttpResponse<String> reload =
        post("/v1/config/reload", new byte[0], null, "Authorization", "Bearer s3cret");
    HttpResponse<String> after = get("/v1/profiles");

    assertThat(reload.statusCode()).isEqualTo(422);
    assertThat(json(reload).get("code").asText()).isEqualTo("config_not_applied");
    assertThat(json(reload).get("message").asText())
        .contains("refusing to listen on 0.0.0.0 without a token");
    assertThat(after.statusCode()).as("the running token still guards every route").isEqualTo(401);
  }

  @Test
  void withATokenSetReadinessShowsDetailsOnlyToCallersWithIt() throws Exception {
    start("server: {port: 0, token: s3cret}\nnetworks: {wa: {profile: whatsapp}}\n");

    JsonNode anonymous = json(get("/health/ready"));
    JsonNode operator = json(get("/health/ready", "Authorization", "Bearer s3cret"));

    assertThat(anonymous.get("status").asText()).isEqualTo("UP");
    assertThat(anonymous.has("undeliverable")).isFalse();
    assertThat(anonymous.has("networks")).isFalse();
    assertThat(operator.get("networks").asInt()).isEqualTo(1);
    assertThat(operator.has("undeliverable")).isTrue();
  }

  @Test
  void invalidUtf8IsA400NamingWhere() throws Exception {
    start("server: {port: 0}\nnetworks: {wa: {profile: whatsapp}}\n");
    byte[] body =
        "{\"profile\":\"whatsapp\",\"action\":{\"type\":\"message\",\"text\":\"ab\"}}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] broken = new byte[body.length + 4];
    int at = new String(body, StandardCharsets.UTF_8).indexOf("ab");
    System.arraycopy(body, 0, broken, 0, at);
    broken[at] = (byte) 0xFF;
    broken[at + 1] = (byte) 0xFE;
    broken[at + 2] = (byte) 0xC3;
    broken[at + 3] = (byte) 0x28;
    System.arraycopy(body, at, broken, at + 4, body.length - at);

    HttpResponse<String> r = post("/v1/mediate", broken, "application/json");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("code").asText()).isEqualTo("invalid_json");
    assertThat(json(r).get("message").asText()).contains("UTF-8").contains("column");
  }

  @Test
  void aLoneSurrogateIsA400NamingTheField() throws Exception {
    start("server: {port: 0}\nnetworks: {wa: {profile: whatsapp}}\n");

    HttpResponse<String> r =
        post(
            "/v1/mediate",
            "{\"profile\":\"whatsapp\",\"action\":{\"type\":\"message\",\"text\":\"\\ud800x\"}}"
                .getBytes(StandardCharsets.UTF_8),
            "application/json");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("code").asText()).isEqualTo("invalid_json");
    assertThat(json(r).get("message").asText()).contains("action.text").contains("surrogate");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/jsonx",
        "application/json-patch+json",
        "application/json, text/plain",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin1",
        "text/json"
      })
  void onlyJsonIsAccepted(String contentType) throws Exception {
    start("server: {port: 0}\nnetworks: {wa: {profile: whatsapp}}\n");

    HttpResponse<String> r =
        post("/v1/mediate", MEDIATE.getBytes(StandardCharsets.UTF_8), contentType);

    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(json(r).get("code").asText()).isEqualTo("unsupported_media_type");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "Application/JSON",
        "application/json; charset=utf-8",
        "application/json;charset=\"UTF-8\""
      })
  void jsonWithParametersIsAccepted(String contentType) throws Exception {
    start("server: {port: 0}\nnetworks: {wa: {profile: whatsapp}}\n");

    HttpResponse<String> r =
        post("/v1/mediate", MEDIATE.getBytes(StandardCharsets.UTF_8), contentType);

    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void aConnectionThatSendsNothingOrHalfARequestLineIsClosed() throws Exception {
    start(
        "server: {port: 0, headerTimeout: 300ms, idleTimeout: 60s}\nnetworks: {wa: {profile: whatsapp}}\n");

    try (Socket silent = new Socket("127.0.0.1", port);
        Socket half = new Socket("127.0.0.1", port)) {
      silent.setSoTimeout(10_000);
      half.setSoTimeout(10_000);
      half.getOutputStream().write("POST /v1/medi".getBytes(StandardCharsets.US_ASCII));
      half.getOutputStream().flush();

      assertThat(silent.getInputStream().read()).as("closed by the server").isEqualTo(-1);
      assertThat(half.getInputStream().read()).as("closed by the server").isEqualTo(-1);
    }
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void aRequestAbandonedMidBodyLeavesNoActiveRequestBehind() throws Exception {
    start("server: {port: 0}\nnetworks: {wa: {profile: whatsapp}}\n");

    for (int i = 0; i < 5; i++) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /v1/mediate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"profile\":")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(100);
      }
    }

    String active = "";
    for (int i = 0; i < 50; i++) {
      active =
          get("/metrics")
              .body()
              .lines()
              .filter(line -> line.startsWith("triage_http_requests_active"))
              .findFirst()
              .orElse("");
      // The scrape itself is in flight: one.
      if (active.endsWith(" 1.0")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(active).isEqualTo("triage_http_requests_active 1.0");
  }

  @Test
  void heavyMarkupRunsOffTheEventLoopSoHealthAnswersMeanwhile() throws Exception {
    start(
        "server: {port: 0, eventLoops: 1, workers: 1, workQueue: 16, requestTimeout: 5s}\n"
            + "networks: {wa: {profile: whatsapp}}\n");
    String heavy =
        "{\"capabilities\":{\"formatting\":{\"bold\":2}},\"action\":{\"type\":\"message\","
            + "\"text\":\"x\",\"html\":\""
            + "<font>".repeat(150_000)
            + "x\"}}";
    List<CompletableFuture<HttpResponse<String>>> running = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      running.add(
          CLIENT.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/mediate"))
                  .timeout(Duration.ofSeconds(60))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(heavy))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }

    // One event loop, busy or not: health is answered while markup work is queued or running.
    HttpResponse<String> live = get("/health/live");

    assertThat(live.statusCode()).isEqualTo(200);
    for (CompletableFuture<HttpResponse<String>> request : running) {
      HttpResponse<String> r = request.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as(r.body()).isIn(200, 413, 503);
      assertThat(json(r).has("decision") || json(r).has("code")).isTrue();
    }
  }

  @Test
  void htmlPastTheComplexityLimitsIsA413NamingTheLimit() throws Exception {
    start("server: {port: 0}\nnetworks: {wa: {profile: whatsapp}}\n");
    String deep =
        "{\"capabilities\":{\"formatting\":{\"bold\":2}},\"action\":{\"type\":\"message\","
            + "\"text\":\"x\",\"html\":\""
            + "<font>".repeat(150_000)
            + "x\"}}";

    HttpResponse<String> r =
        post("/v1/mediate", deep.getBytes(StandardCharsets.UTF_8), "application/json");

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("code").asText()).isEqualTo("input_too_complex");
    assertThat(json(r).get("message").asText()).contains("10000 elements");
    assertThat(json(r).at("/details/field").asText()).isEqualTo("html");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<body onload=alert(1)>x",
        "<html onmouseover=alert(1)>x",
        "<frameset onload=alert(1)>x",
        "<a href=\"https://ok.example\" href=\"javascript:alert(1)\">x</a>",
        "<img src=\"mxc://a/b\" src=\"https://evil.example/t.png\">",
        "<!--[if IE]><script>alert(1)</script><![endif]-->x",
        "<?xml version=\"1.0\"?>x",
        "<!DOCTYPE html>x",
        "<b>x</b onclick=alert(1)>",
        "<b>x</b><img src=x onerror=alert(1)"
      })
  void whatLeavesIsNeverTheCallersRawHtml(String html) throws Exception {
    start("server: {port: 0}\nnetworks: {wa: {profile: whatsapp}}\n");
    String body =
        "{\"capabilities\":{\"formatting\":{\"bold\":2}},\"action\":{\"type\":\"message\","
            + "\"text\":\"x\",\"html\":"
            + com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode(html)
            + "}}";

    HttpResponse<String> r =
        post("/v1/mediate", body.getBytes(StandardCharsets.UTF_8), "application/json");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode sent = json(r).at("/actions/0/html");
    String out = sent.isMissingNode() ? "" : sent.asText();
    assertThat(out)
        .doesNotContainIgnoringCase("onload")
        .doesNotContainIgnoringCase("onerror")
        .doesNotContainIgnoringCase("onmouseover")
        .doesNotContainIgnoringCase("onclick")
        .doesNotContainIgnoringCase("javascript:")
        .doesNotContainIgnoringCase("<script")
        .doesNotContainIgnoringCase("evil.example")
        .doesNotContain("<!")
        .doesNotContain("<?")
        .isNotEqualTo(html);
  }

  @Test
  void markdownRawHtmlIsSanitizedAndASpoilerInCodeNeverShows() throws Exception {
    start("server: {port: 0}\nnetworks: {wa: {profile: whatsapp}}\n");
    String markdown =
        "{\"capabilities\":{\"formatting\":{\"bold\":2}},\"action\":{\"type\":\"message\","
            + "\"format\":\"markdown\",\"text\":\"hi <img src=x onerror=alert(1)> <a href=\\\"javascript:alert(1)\\\">l</a>\"}}";
    String spoiler =
        "{\"capabilities\":{\"formatting\":{\"code_block\":0,\"spoiler\":2}},\"action\":{\"type\":\"message\","
            + "\"text\":\"x\",\"html\":\"<pre><code><span data-mx-spoiler>SECRET</span></code></pre>\"}}";

    JsonNode md =
        json(post("/v1/mediate", markdown.getBytes(StandardCharsets.UTF_8), "application/json"));
    JsonNode sp =
        json(post("/v1/mediate", spoiler.getBytes(StandardCharsets.UTF_8), "application/json"));

    assertThat(md.get("actions").toString())
        .doesNotContain("onerror")
        .doesNotContain("javascript:")
        .doesNotContain("<img");
    assertThat(sp.at("/actions/0/text").asText()).doesNotContain("SECRET");
    assertThat(sp.at("/actions/0/html").asText("")).doesNotContain("SECRET");
  }

  @Test
  void limitsAreValidatedWithTheirPaths() {
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    ConfigLoader.withEnvironment(Map.of())
                        .parse(
                            "server: {headerTimeout: 0s, eventLoops: 0, workers: x}\n"
                                + "networks: {wa: {profile: whatsapp}}\n",
                            "test")))
        .hasMessageContaining("server.headerTimeout: must be longer than 0")
        .hasMessageContaining("server.eventLoops: must be between 1 and 256")
        .hasMessageContaining("server.workers: must be a whole number");
  }
}
