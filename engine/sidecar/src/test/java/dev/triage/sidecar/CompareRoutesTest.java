package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.config.ConfigLoader;
import dev.triage.config.ShippedProfiles;
import dev.triage.config.TriageConfig;
import dev.triage.json.TriageJson;
import dev.triage.rule.CapabilityMatrix;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/profiles/{a}/diff/{b}} and {@code GET /v1/capability-matrix}, against the real
 * server on port 0.
 */
final class CompareRoutesTest {
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
  void theDiffRouteIsWhatTriageDiffPrints() throws Exception {
    start(true);

    JsonNode answer =
        TriageJson.parse(get("/v1/profiles/whatsapp/diff/signal").body()).get("changes");
    StringWriter out = new StringWriter();
    Main.run(
        new PrintWriter(out), new PrintWriter(new StringWriter()), "diff", "whatsapp", "signal");

    List<String> lines = new ArrayList<>();
    for (JsonNode change : answer) {
      lines.add(
          change.get("field").asText()
              + ": "
              + (change.get("from").isNull() ? "—" : change.get("from").asText())
              + " → "
              + (change.get("to").isNull() ? "—" : change.get("to").asText())
              + " — "
              + change.get("meaning").asText());
    }
    assertThat(lines).isNotEmpty().isEqualTo(out.toString().lines().toList());
  }

  @Test
  void aDiffOfAProfileWithItselfIsEmptyAndAnUnknownProfileIsNamed() throws Exception {
    start(true);

    HttpResponse<String> same = get("/v1/profiles/irc/diff/irc");
    HttpResponse<String> unknown = get("/v1/profiles/irc/diff/myspace");

    assertThat(TriageJson.parse(same.body()).get("changes")).isEmpty();
    assertThat(unknown.statusCode()).isEqualTo(404);
    JsonNode error = TriageJson.parse(unknown.body());
    assertThat(error.get("code").asText()).isEqualTo("not_found");
    assertThat(error.get("message").asText()).contains("no shipped profile named myspace");
  }

  @Test
  void theMatrixRouteHasEveryShippedProfileAndTheRowsTriageMatrixPrints() throws Exception {
    start(true);

    HttpResponse<String> response = get("/v1/capability-matrix");
    JsonNode matrix = TriageJson.parse(response.body());
    CapabilityMatrix model = CapabilityMatrix.of(ShippedProfiles.all());

    assertThat(response.statusCode()).isEqualTo(200);
    List<String> columns = new ArrayList<>();
    matrix.get("columns").forEach(column -> columns.add(column.get("name").asText()));
    assertThat(columns).isEqualTo(ShippedProfiles.names());
    JsonNode group = matrix.get("columns").get(columns.indexOf("whatsapp.group"));
    assertThat(group.get("network").asText()).isEqualTo("whatsapp");
    assertThat(group.get("variant").asBoolean()).isTrue();
    assertThat(matrix.get("legend")).hasSize(5);
    List<String> fields = new ArrayList<>();
    matrix
        .get("groups")
        .forEach(g -> g.get("rows").forEach(r -> fields.add(r.get("field").asText())));
    assertThat(fields).isEqualTo(new ArrayList<>(model.rows().keySet()));
    JsonNode spoiler =
        findRow(matrix, "formatting.spoiler").get("cells").get(columns.indexOf("signal"));
    assertThat(spoiler.get("text").asText()).isEqualTo("2");
    assertThat(spoiler.get("level").asInt()).isEqualTo(2);
    assertThat(spoiler.get("meaning").asText()).isEqualTo("sent as is");
    JsonNode age = findRow(matrix, "edit_max_age").get("cells").get(columns.indexOf("whatsapp"));
    assertThat(age.get("value").asInt()).isEqualTo(900);
    assertThat(age.get("text").asText()).isEqualTo("15 min");
    assertThat(age.has("level")).isFalse();
  }

  @Test
  void theOpenApiDocumentDescribesTheNewRoutes() throws Exception {
    start(true);

    JsonNode paths = TriageJson.parse(get("/v1/openapi.json").body()).get("paths");

    assertThat(paths.has("/v1/profiles/{a}/diff/{b}")).isTrue();
    assertThat(paths.has("/v1/capability-matrix")).isTrue();
  }

  private static JsonNode findRow(JsonNode matrix, String field) {
    for (JsonNode group : matrix.get("groups")) {
      for (JsonNode row : group.get("rows")) {
        if (row.get("field").asText().equals(field)) {
          return row;
        }
      }
    }
    throw new AssertionError("no row " + field);
  }
}
