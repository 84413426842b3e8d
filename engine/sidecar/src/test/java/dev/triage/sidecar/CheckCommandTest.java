package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.json.TriageJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code triage check} on real files, in-process. */
final class CheckCommandTest {
  /** 2026-11-25T12:00:00Z. */
  private static final String NOW = "1795608000000";

  @TempDir Path dir;

  private record Run(int status, List<JsonNode> lines, String err) {}

  private Run check(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 1];
    full[0] = "check";
    System.arraycopy(args, 0, full, 1, args.length);
    int status = Main.run(new PrintWriter(out), new PrintWriter(err), full);
    List<JsonNode> lines =
        out.toString().lines().map(TriageJson::parse).collect(Collectors.toList());
    return new Run(status, lines, err.toString());
  }

  private Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void editOnAChatWithoutEditsBecomesANewMessageAsInTheDesign() throws IOException {
    Path caps = write("caps.json", "{\"edit\": 0}");
    Path actions =
        write("actions.jsonl", "{\"type\":\"edit\",\"messageID\":\"$m\",\"text\":\"fixed\"}");

    Run run = check("--capabilities", caps.toString(), actions.toString());

    assertThat(run.status()).isZero();
    assertThat(run.lines())
        .containsExactly(
            TriageJson.parse(
                "{\"decision\":\"degrade\",\"actions\":[{\"type\":\"message\",\"text\":\"* fixed\"}],"
                    + "\"notes\":[{\"code\":\"edit.fallback_new_message\",\"capability\":\"edit\","
                    + "\"level\":0,\"message\":\"Edits are not supported here; sent as a new message.\"}]}"));
  }

  @Test
  void printsOneVerdictPerActionLineAndAnErrorForEachBadLine() throws IOException {
    Path actions =
        write(
            "actions.jsonl",
            "{\"type\":\"message\",\"text\":\"hello\"}",
            "",
            "{\"type\":\"edit\",\"messageID\":\"$m\",\"sentAt\":1795607000000,\"text\":\"late\"}",
            "{\"type\":\"reaction\",\"messageID\":\"$m\",\"key\":\"👍\",\"existing\":1}",
            "{\"type\":\"delete\",\"messageID\":\"$m\",\"forEveryone\":\"yes\"}",
            "this is not json",
            "{\"type\":\"typing\",\"typing\":true}");

    Run run = check("--profile", "whatsapp", "--now", NOW, actions.toString());

    assertThat(run.status()).as("some lines were invalid").isEqualTo(1);
    assertThat(run.lines()).hasSize(6);
    assertThat(run.lines().get(0).get("decision").asText()).isEqualTo("forward");
    assertThat(run.lines().get(1).get("decision").asText()).isEqualTo("reject");
    assertThat(run.lines().get(1).at("/status/reason").asText())
        .isEqualTo("com.beeper.unsupported_event");
    assertThat(run.lines().get(2).at("/notes/0/code").asText())
        .isEqualTo("reaction.count_exceeded");
    assertThat(run.lines().get(3))
        .isEqualTo(
            TriageJson.parse(
                "{\"error\":{\"code\":\"invalid_action\",\"message\":\"line 5: forEveryone: must be"
                    + " true or false, got the string \\\"yes\\\"\",\"details\":{\"line\":5,"
                    + "\"path\":\"forEveryone\"}}}"));
    assertThat(run.lines().get(4).at("/error/details/line").asInt()).isEqualTo(6);
    assertThat(run.lines().get(4).at("/error/message").asText())
        .startsWith("line 6: malformed JSON");
    assertThat(run.lines().get(5).get("decision").asText()).isEqualTo("forward");
  }

  @Test
  void explainAddsEveryCapabilityConsulted() throws IOException {
    Path actions =
        write(
            "a.jsonl",
            "{\"type\":\"edit\",\"messageID\":\"$m\",\"sentAt\":1795607999000,\"text\":\"x\"}");

    Run run = check("--profile", "signal", "--now", NOW, "--explain", actions.toString());

    assertThat(run.status()).isZero();
    assertThat(run.lines().get(0).get("explanation"))
        .extracting(check -> check.get("capability").asText())
        .containsExactly("edit", "edit_max_age", "edit_max_count", "max_text_length");
  }

  @Test
  void desktopSpellingCapabilitiesWorkTheSame() throws IOException {
    Path caps = write("caps.json", "{\"locationMessage\": 0, \"maxTextLength\": 100}");
    Path actions =
        write("a.jsonl", "{\"type\":\"location\",\"latitude\":48.8566,\"longitude\":2.3522}");

    Run run = check("-c", caps.toString(), actions.toString());

    assertThat(run.lines().get(0).at("/actions/0/text").asText()).isEqualTo("geo:48.8566,2.3522");
  }

  @Test
  void invalidCapabilityDocumentStopsWithTheKeyPath() throws IOException {
    Path caps = write("caps.json", "{\"file\": {\"m.image\": {\"max_size\": \"big\"}}}");
    Path actions = write("a.jsonl", "{\"type\":\"typing\",\"typing\":true}");

    Run run = check("--capabilities", caps.toString(), actions.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.lines()).isEmpty();
    assertThat(run.err())
        .contains("file[\"m.image\"].max_size: must be a whole number")
        .contains(caps.toString());
  }

  @Test
  void missingFilesAndUnknownProfilesAreUsageErrors() throws IOException {
    Path actions = write("a.jsonl", "{\"type\":\"typing\",\"typing\":true}");

    Run noCaps = check("--capabilities", dir.resolve("nope.json").toString(), actions.toString());
    Run noActions = check("--profile", "signal", dir.resolve("nope.jsonl").toString());
    Run noProfile = check("--profile", "myspace", actions.toString());
    Run both =
        check("--profile", "signal", "--capabilities", actions.toString(), actions.toString());

    assertThat(noCaps.status()).isEqualTo(2);
    assertThat(noCaps.err()).contains("nope.json: no such file");
    assertThat(noActions.status()).isEqualTo(2);
    assertThat(noActions.err()).contains("nope.jsonl: no such file");
    assertThat(noProfile.status()).isEqualTo(2);
    assertThat(noProfile.err())
        .contains("no shipped profile named \"myspace\"")
        .contains("whatsapp");
    assertThat(both.status()).isEqualTo(2);
  }
}
