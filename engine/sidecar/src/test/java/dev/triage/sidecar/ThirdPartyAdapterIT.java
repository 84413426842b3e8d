package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.json.TriageJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An adapter shipped as a jar of its own (adapters/jsonl, not inside triage.jar) is found by its
 * {@code type} from YAML when its jar is on the classpath beside triage.jar, reads its own
 * settings, and delivers; without the jar, the same configuration is refused, naming the type.
 */
final class ThirdPartyAdapterIT {
  @TempDir Path dir;

  @Test
  void anAdapterInAJarBesideTriageIsFoundByItsType() throws Exception {
    Path out = dir.resolve("delivered.jsonl");
    Path config = dir.resolve("triage.yaml");
    Files.writeString(
        config,
        "server: {port: 0}\n"
            + "defaultNetwork: audit\n"
            + "networks:\n"
            + "  audit: {profile: signal, adapter: {type: jsonl, path: \""
            + out
            + "\"}}\n");
    Path log = dir.resolve("serve.log");
    Process triage =
        TriageProcess.startWithJars(
            log, List.of(System.getProperty("jsonl.jar")), "serve", "--config", config.toString());
    try {
      int port = TriageProcess.awaitPort(triage, log);
      assertThat(port).as(Files.readString(log)).isPositive();

      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/actions"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"chatID\":\"!a:x\",\"action\":{\"type\":\"message\",\"id\":\"t1\",\"text\":\"hello\"}}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(TriageJson.parse(answer.body()).at("/deliveries/0/messageID").asText())
          .isEqualTo("jsonl-1");
      assertThat(Files.readAllLines(out))
          .singleElement()
          .satisfies(
              line ->
                  assertThat(TriageJson.parse(line).at("/action/text").asText())
                      .isEqualTo("hello"));
    } finally {
      triage.destroy();
      triage.waitFor();
    }
  }

  @Test
  void withoutItsJarTheTypeIsRefusedByName() throws Exception {
    Path config = dir.resolve("triage.yaml");
    Files.writeString(
        config,
        "server: {port: 0}\nnetworks:\n  audit: {profile: signal, adapter: {type: jsonl, path: x}}\n");
    Path log = dir.resolve("serve.log");
    Process triage = TriageProcess.start(log, "serve", "--config", config.toString());
    triage.waitFor();

    assertThat(triage.exitValue()).isNotZero();
    assertThat(Files.readString(log))
        .contains("networks.audit.adapter.type: unknown adapter type jsonl");
  }
}
