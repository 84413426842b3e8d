package dev.triage.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The documented catalog (docs/notes.md) and the code's catalog are the same list. */
final class NoteCatalogTest {
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (.+) \\|$");

  @Test
  void documentedCatalogListsEveryCodeWithItsMeaning() throws IOException {
    Map<String, String> documented = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("../../docs/notes.md"))) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        documented.put(row.group(1), row.group(2).replace("\\|", "|"));
      }
    }
    Map<String, String> catalog = new LinkedHashMap<>();
    for (NoteCode code : NoteCode.values()) {
      catalog.put(code.code(), code.description());
    }

    assertThat(documented).containsExactlyEntriesOf(catalog);
  }

  @Test
  void codesAreUniqueAndReadBack() {
    for (NoteCode code : NoteCode.values()) {
      assertThat(NoteCode.fromCode(code.code())).isSameAs(code);
    }
  }
}
