package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.sidecar.http.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The documented error catalog (docs/errors.md) and the code's are the same list. */
final class ErrorCatalogTest {
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (\\d+) \\| (.+) \\|$");

  @Test
  void documentedCatalogListsEveryCodeWithItsStatusAndMeaning() throws IOException {
    List<String> documented = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("../../docs/errors.md"))) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        documented.add(row.group(1) + " " + row.group(2) + " " + row.group(3).replace("\\|", "|"));
      }
    }
    List<String> catalog = new ArrayList<>();
    for (ErrorCode code : ErrorCode.values()) {
      catalog.add(code.code() + " " + code.status() + " " + code.meaning());
    }

    assertThat(documented).containsExactlyElementsOf(catalog);
  }

  @Test
  void codesAreUnique() {
    List<String> codes = new ArrayList<>();
    for (ErrorCode code : ErrorCode.values()) {
      codes.add(code.code());
    }
    assertThat(new HashSet<>(codes)).hasSameSizeAs(codes);
  }
}
