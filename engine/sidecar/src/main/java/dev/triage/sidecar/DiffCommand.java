package dev.triage.sidecar;

import dev.triage.capability.Capabilities;
import dev.triage.config.ShippedProfiles;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import dev.triage.rule.CapabilityDiff;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code triage diff A B}: what changes for senders between two capability documents. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Show what changes between two capability documents or shipped profiles, field by field,"
          + " with what each change means for senders."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:no difference",
      "1:differences were printed",
      "2:a document is missing or invalid"
    })
final class DiffCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "A", description = "A profile name or a capability file.")
  String before;

  @Parameters(index = "1", paramLabel = "B", description = "A profile name or a capability file.")
  String after;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Capabilities a;
    Capabilities b;
    try {
      a = load(before);
      b = load(after);
    } catch (IllegalArgumentException e) {
      err.println("triage diff: " + e.getMessage());
      err.flush();
      return 2;
    }
    List<CapabilityDiff.Change> changes = CapabilityDiff.between(a, b);
    changes.forEach(out::println);
    out.flush();
    return changes.isEmpty() ? 0 : 1;
  }

  /** A file if one exists at that path, else a shipped profile. */
  static Capabilities load(String source) {
    Path file = Path.of(source);
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        return TriageJson.readCapabilities(TriageJson.parse(in));
      } catch (InvalidInputException e) {
        throw new IllegalArgumentException(source + ": " + e.getMessage());
      } catch (IOException e) {
        throw new IllegalArgumentException(source + ": cannot be read: " + e.getMessage());
      }
    }
    return ShippedProfiles.get(source)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    source + ": neither a file nor a shipped profile (see triage.jar profiles)"));
  }
}
