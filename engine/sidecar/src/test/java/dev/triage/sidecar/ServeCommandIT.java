package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code triage.jar serve} as a newcomer runs it: a real process, stopped with SIGTERM. */
final class ServeCommandIT {
  @TempDir Path dir;

  @Test
  void serveStartsOnTheEmbeddedDefaultsAnswersAndStopsCleanlyOnSigterm() throws Exception {
    Path log = dir.resolve("serve.log");
    Process process = TriageProcess.start(log, "serve", "--port", "0");
    int port = TriageProcess.awaitPort(process, log);
    assertThat(port).as("the listening line in %s", Files.readString(log)).isPositive();
    assertThat(Files.readString(log)).contains("(embedded defaults)").contains("try: curl");

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/mediate"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"profile\":\"whatsapp\",\"action\":{\"type\":\"message\",\"text\":\"hello\"}}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"decision\":\"forward\"");

    process.destroy(); // SIGTERM
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // The JVM's own status for a SIGTERM it handled: 128 + 15, after the shutdown hook ran.
    assertThat(process.exitValue()).isEqualTo(143);
    assertThat(Files.readString(log))
        .contains("stopping: letting requests in flight finish")
        .contains("stopped");
  }

  @Test
  void serveRefusesAnOpenAddressWithoutAToken() throws Exception {
    Path log = dir.resolve("refused.log");
    Process process = TriageProcess.start(log, "serve", "--host", "0.0.0.0", "--port", "0");

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log)).contains("refusing to listen on 0.0.0.0 without a token");
  }
}
