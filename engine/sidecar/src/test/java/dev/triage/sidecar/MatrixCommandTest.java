package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.config.ShippedProfiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MatrixCommandTest {
  @TempDir Path dir;

  private record Run(int status, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }

    /** The cells of the Markdown row for {@code field}, without the label. */
    List<String> row(String field) {
      String line =
          lines().stream()
              .filter(l -> l.startsWith("| ") && l.contains("`" + field + "` |"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no row for " + field + " in\n" + out));
      return cells(line).subList(1, cells(line).size());
    }

    /** The column names of the first table after {@code heading}. */
    List<String> header(String heading) {
      List<String> lines = lines();
      String line = lines.get(lines.indexOf(heading) + 2);
      return cells(line).subList(1, cells(line).size());
    }
  }

  private static List<String> cells(String line) {
    String inner = line.substring(1, line.length() - 1);
    return Arrays.stream(inner.split(" \\| ", -1)).map(String::trim).toList();
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void markdownHasTheLegendThenATablePerGroupWithOneColumnPerNetwork() {
    Run run = run("matrix");

    List<String> networks =
        ShippedProfiles.names().stream().filter(name -> name.indexOf('.') < 0).toList();
    assertThat(run.status()).isZero();
    assertThat(run.lines().get(0)).isEqualTo("# Capability matrix");
    assertThat(run.out()).contains("| -2 | rejected | the action is rejected |");
    assertThat(run.lines())
        .filteredOn(line -> line.startsWith("## "))
        .startsWith("## Messages", "## Files: m.image")
        .contains("## Formatting", "## Reactions", "## Polls", "## State", "## Members")
        .endsWith("## Chat");
    assertThat(run.header("## Formatting")).isEqualTo(networks);
  }

  @Test
  void eachCellIsTheProfilesValue() {
    Run run = run("matrix");

    List<String> networks = run.header("## Messages");
    List<String> spoiler = run.row("formatting.spoiler");
    for (int i = 0; i < networks.size(); i++) {
      int level =
          ShippedProfiles.get(networks.get(i)).orElseThrow().formattingLevel("spoiler").value();
      assertThat(spoiler.get(i)).as(networks.get(i)).isEqualTo(Integer.toString(level));
    }
    assertThat(run.row("edit_max_age").get(networks.indexOf("whatsapp"))).isEqualTo("15 min");
    assertThat(run.row("max_text_length").get(networks.indexOf("gmessages"))).isEqualTo("∞");
    // Markdown's own characters are escaped: */* is not emphasis.
    assertThat(run.row("file.m.file.mime_types").get(networks.indexOf("signal")))
        .isEqualTo("\\*/\\* 2");
  }

  @Test
  void variantsAndChosenDocumentsAreColumnsToo() throws IOException {
    Path mine = dir.resolve("mybridge.json");
    Files.writeString(mine, "{\"edit\": 1, \"formatting\": {\"spoiler\": 2}}");

    Run all = run("matrix", "--variants");
    Run chosen = run("matrix", "whatsapp", mine.toString());

    assertThat(all.header("## Chat")).isEqualTo(ShippedProfiles.names());
    assertThat(chosen.header("## Chat")).containsExactly("whatsapp", "mybridge.json");
    assertThat(chosen.row("edit")).containsExactly("2", "1");
  }

  @Test
  void htmlIsOneTableWithLevelClassesAndEscapedMeanings() {
    Run run = run("matrix", "--format", "html", "signal", "irc");

    assertThat(run.status()).isZero();
    assertThat(run.out())
        .startsWith("<table class=\"triage-matrix\">")
        .contains("<th scope=\"col\">signal</th><th scope=\"col\">irc</th>")
        .contains("<th scope=\"rowgroup\" colspan=\"3\">Formatting</th>")
        .contains("<td class=\"level-m2\" title=\"rejected\">-2</td>")
        .doesNotContain("<script");
    assertThat(run.out().trim()).endsWith("</table>");
  }

  @Test
  void anUnknownProfileIsNamedAndExitsTwo() {
    Run run = run("matrix", "whatsapp", "myspace");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("triage matrix: myspace: neither a file nor a shipped profile");
  }
}
