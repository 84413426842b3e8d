package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.config.ShippedProfiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ProfilesAndDiffCommandTest {
  @TempDir Path dir;

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void profilesListsEveryShippedProfileOnOneLine() {
    Run run = run("profiles");

    List<String> lines = run.out().lines().toList();
    assertThat(run.status()).isZero();
    assertThat(lines).hasSize(ShippedProfiles.names().size());
    assertThat(lines)
        .filteredOn(line -> line.startsWith("whatsapp "))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("text 65536", "edit 15 min", "reaction ×1", "poll")
                    .contains("[fi.mau.whatsapp.capabilities.2026_07_22+ffmpeg+dm]"));
  }

  @Test
  void diffOfTwoProfilesShowsEachChangeAndExitsOne() {
    Run run = run("diff", "twitter", "twitter.dm_no_xchat_keys");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out().lines())
        .contains("edit: 2 → -2 — now rejected", "delete: 2 → -2 — now rejected");
  }

  @Test
  void diffOfAFileAgainstAProfileAndOfIdenticalDocuments() throws IOException {
    Path file = dir.resolve("mine.json");
    Files.writeString(
        file,
        ShippedProfiles.rawJson("signal").orElseThrow().replace("\"edit\": 2", "\"edit\": 0"));

    Run changed = run("diff", "signal", file.toString());
    Run same = run("diff", "signal", "signal");

    assertThat(changed.out())
        .isEqualTo(
            "edit: 2 → — — edits become new messages starting with *" + System.lineSeparator());
    assertThat(same.status()).isZero();
    assertThat(same.out()).isEmpty();
  }

  @Test
  void diffNamesWhatItCannotRead() throws IOException {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"edit\": \"yes\"}");

    Run unknown = run("diff", "signal", "myspace");
    Run invalid = run("diff", broken.toString(), "signal");

    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.err()).contains("myspace: neither a file nor a shipped profile");
    assertThat(invalid.status()).isEqualTo(2);
    assertThat(invalid.err()).contains("broken.json: edit: must be a level from -2 to 2");
  }
}
