package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code triage.jar}, run as a newcomer runs it: a real process on real files. */
final class CheckCommandIT {
  @TempDir Path dir;

  private record Result(int status, String out, String err) {}

  private Result run(String stdin, String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("triage.jar", "target/triage.jar"));
    assertThat(jar).exists();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    if (stdin != null) {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("triage.jar finished").isTrue();
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void checkReadsActionsFromAFileAndPrintsVerdicts() throws Exception {
    Path caps = dir.resolve("caps.json");
    Files.writeString(caps, "{\"reply\": 0, \"max_text_length\": 2000}");
    Path actions = dir.resolve("actions.jsonl");
    Files.writeString(
        actions,
        "{\"type\":\"message\",\"text\":\"yes\",\"replyTo\":{\"messageID\":\"$q\",\"sender\":\"Ann\",\"text\":\"lunch?\"}}\n",
        StandardCharsets.UTF_8);

    Result result = run(null, "check", "--capabilities", caps.toString(), actions.toString());

    assertThat(result.status()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out())
        .isEqualTo(
            "{\"decision\":\"degrade\",\"actions\":[{\"type\":\"message\",\"text\":\"> Ann: lunch?\\n\\nyes\"}],"
                + "\"notes\":[{\"code\":\"reply.fallback_quote\",\"capability\":\"reply\",\"level\":0,"
                + "\"message\":\"Replies are not supported here; the original message is quoted above the text.\"}]}"
                + System.lineSeparator());
  }

  @Test
  void checkReadsStandardInputAndSurvivesGarbage() throws Exception {
    Result result =
        run(
            "{\"type\":\"typing\",\"typing\":true}\n\u0000\u00ff garbage {{{\n[1,2]\n{\"type\":\"readReceipt\",\"messageID\":\"$m\"}\n",
            "check",
            "--profile",
            "slack",
            "-");

    List<String> lines = result.out().lines().toList();
    assertThat(result.status()).isEqualTo(1);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("{\"decision\":\"drop\"");
    assertThat(lines.get(1))
        .startsWith("{\"error\":{\"code\":\"invalid_action\",\"message\":\"line 2:");
    assertThat(lines.get(2)).contains("must be an object, got an array");
    assertThat(lines.get(3)).startsWith("{\"decision\":\"drop\"");
  }

  @Test
  void helpNamesTheCommand() throws Exception {
    Result result = run(null, "--help");

    assertThat(result.status()).isZero();
    assertThat(result.out()).contains("check");
  }
}
