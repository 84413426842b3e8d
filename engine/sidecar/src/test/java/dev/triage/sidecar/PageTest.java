package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.config.ConfigLoader;
import dev.triage.config.TriageConfig;
import dev.triage.json.TriageJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The web page and its assets, served without a token while the API stays behind it, against the
 * real server on port 0.
 */
final class PageTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final String TOKEN = "page-token";

  private TriageServer server;
  private int port;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(1);
    }
  }

  private void start(boolean withToken) throws Exception {
    TriageConfig config =
        withToken
            ? ConfigLoader.withEnvironment(Map.of("T", TOKEN))
                .parse(
                    "server: {port: 0, token: \"${T}\"}\nnetworks: {wa: {profile: whatsapp}}\n",
                    "test")
            : ServeCommand.withListener(TriageConfig.embedded(), "127.0.0.1", 0);
    server = new TriageServer(config, null, Clock.systemUTC());
    port = server.start();
  }

  private HttpResponse<String> send(String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, "Authorization", "Bearer " + TOKEN);
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void thePageAndItsAssetsNeedNoTokenAndComeWithTheirTypeAndAStrictPolicy() throws Exception {
    start(true);

    HttpResponse<String> index = send("GET", "/");
    HttpResponse<String> script = send("GET", "/ui/app.js");
    HttpResponse<String> style = send("GET", "/ui/style.css");
    HttpResponse<String> icon = send("GET", "/ui/icon.svg");
    HttpResponse<String> api = send("GET", "/v1/capability-matrix");

    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(header(index, "Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(index.body())
        .contains("<meta name=\"triage-auth\" content=\"bearer\">")
        .contains("<script type=\"module\" src=\"/ui/app.js\"></script>")
        .doesNotContain("{{auth}}");
    assertThat(header(script, "Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(header(style, "Content-Type")).isEqualTo("text/css; charset=utf-8");
    assertThat(header(icon, "Content-Type")).isEqualTo("image/svg+xml");
    for (HttpResponse<String> asset : List.of(index, script, style, icon)) {
      assertThat(header(asset, "X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(header(asset, "Content-Security-Policy"))
          .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
          .doesNotContain("unsafe-inline", "unsafe-eval");
    }
    assertThat(api.statusCode()).as("the API the page calls still needs the token").isEqualTo(401);
  }

  @Test
  void withoutATokenThePageSaysSoAndHeadIsAnsweredWithoutABody() throws Exception {
    start(false);

    HttpResponse<String> index = send("GET", "/");
    HttpResponse<String> head = send("HEAD", "/ui/style.css");

    assertThat(index.body()).contains("<meta name=\"triage-auth\" content=\"none\">");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(header(head, "Content-Type")).isEqualTo("text/css; charset=utf-8");
    assertThat(head.body()).isEmpty();
  }

  @Test
  void anUnknownAssetIsAJson404AndOtherMethodsGoOnToTheToken() throws Exception {
    start(true);

    HttpResponse<String> missing = send("GET", "/ui/nope.js");
    HttpResponse<String> traversal = send("GET", "/ui/../openapi.json");
    HttpResponse<String> postAnonymous = send("POST", "/ui/app.js");
    HttpResponse<String> postWithToken = send("POST", "/", "Authorization", "Bearer " + TOKEN);

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(header(missing, "Content-Type")).isEqualTo("application/json");
    assertThat(TriageJson.parse(missing.body()).get("code").asText()).isEqualTo("not_found");
    assertThat(traversal.statusCode()).isIn(401, 404);
    assertThat(traversal.body()).doesNotContain("openapi\"");
    assertThat(postAnonymous.statusCode()).isEqualTo(401);
    assertThat(postWithToken.statusCode()).isEqualTo(404);
    assertThat(TriageJson.parse(postWithToken.body()).get("message").asText())
        .isEqualTo("no route for POST /");
  }

  @Test
  void theOpenApiDocumentSaysThePageIsPublic() throws Exception {
    start(true);

    JsonNode paths = TriageJson.parse(get("/v1/openapi.json").body()).get("paths");

    assertThat(paths.get("/").get("get").get("security")).isEmpty();
    assertThat(paths.get("/ui/{asset}").get("get").get("security")).isEmpty();
  }
}
