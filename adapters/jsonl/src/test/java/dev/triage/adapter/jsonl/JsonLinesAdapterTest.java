package dev.triage.adapter.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Message;
import dev.triage.action.TextType;
import dev.triage.adapter.AdapterSettings;
import dev.triage.adapter.DeliveryResult;
import dev.triage.json.TriageJson;
import dev.triage.verdict.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JsonLinesAdapterTest {
  @TempDir Path dir;

  @Test
  void eachDeliveryIsOneJsonLineInOrder() throws Exception {
    Path file = dir.resolve("out.jsonl");
    JsonLinesAdapter adapter = new JsonLinesAdapter("audit", file);
    try {
      DeliveryResult first =
          adapter
              .deliver(
                  "!a:x",
                  new Message(null, null, TextType.TEXT, "one", null, null, null, null, false),
                  "k1")
              .toCompletableFuture()
              .get();
      adapter
          .deliver(
              "!a:x",
              new Message(null, null, TextType.TEXT, "two", null, null, null, null, false),
              "k2")
          .toCompletableFuture()
          .get();

      List<String> lines = Files.readAllLines(file);
      assertThat(first.status()).isEqualTo(Status.SUCCESS);
      assertThat(first.messageID()).isEqualTo("jsonl-1");
      assertThat(lines).hasSize(2);
      assertThat(TriageJson.parse(lines.get(0)).at("/action/text").asText()).isEqualTo("one");
      assertThat(TriageJson.parse(lines.get(1)).get("key").asText()).isEqualTo("k2");
      assertThat(TriageJson.parse(lines.get(1)).get("network").asText()).isEqualTo("audit");
    } finally {
      adapter.close();
    }
  }

  @Test
  void aFileThatCannotBeWrittenIsARetriableFailure() throws Exception {
    JsonLinesAdapter adapter = new JsonLinesAdapter("audit", dir);
    try {
      DeliveryResult result =
          adapter
              .deliver(
                  "!a:x",
                  new Message(null, null, TextType.TEXT, "x", null, null, null, null, false),
                  "k")
              .toCompletableFuture()
              .get();

      assertThat(result.status()).isEqualTo(Status.FAIL_RETRIABLE);
      assertThat(result.message()).contains("could not append");
    } finally {
      adapter.close();
    }
  }

  @Test
  void settingsNameWhatIsWrong() {
    AdapterSettings missing = new AdapterSettings(Map.of());
    AdapterSettings noFolder =
        new AdapterSettings(
            Map.of("path", dir.resolve("none/out.jsonl").toString(), "flush", true));

    new JsonLinesAdapterFactory().configure(missing);
    new JsonLinesAdapterFactory().configure(noFolder);

    assertThat(missing.problems()).containsExactly("path: is required");
    assertThat(noFolder.problems())
        .containsExactly(
            "flush: unknown setting (known: path)",
            "path: the folder of " + dir.resolve("none/out.jsonl") + " does not exist");
  }
}
