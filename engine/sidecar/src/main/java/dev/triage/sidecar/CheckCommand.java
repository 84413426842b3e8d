package dev.triage.sidecar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.capability.Capabilities;
import dev.triage.config.ShippedProfiles;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import dev.triage.matrix.MatrixMediator;
import dev.triage.matrix.MatrixRead;
import dev.triage.matrix.MatrixReader;
import dev.triage.matrix.RelatedEvents;
import dev.triage.rule.Mediator;
import dev.triage.sidecar.gateway.OutcomeWriter;
import dev.triage.verdict.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code triage check}: mediates each action of a JSON Lines file against one capability document
 * and prints one verdict per line, in the same wire format as the HTTP API. A line that is not a
 * valid action prints an error object for that line, and the run goes on. With {@code --matrix} the
 * lines are Matrix events and the answers Matrix events, as {@code POST /v1/matrix/mediate} gives
 * them.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Mediate each action of a JSON Lines file (or - for standard input) against a capability"
          + " document and print one verdict JSON per action line.",
      "Blank lines are skipped. A line that is not a valid action prints"
          + " {\"error\":{\"code\":\"invalid_action\",...}} and the run goes on.",
      "With --matrix, each line is a Matrix event (client-server JSON) and each answer is Matrix"
          + " events to send, as POST /v1/matrix/mediate answers; earlier lines are the related"
          + " events of later ones (an edit's original, a redacted reaction, a replied-to message)."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every line was a valid action (or, with --matrix, a readable event)",
      "1:some lines were not valid actions, or not readable events (each has an error line)",
      "2:the command line or the capability document is wrong"
    })
final class CheckCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  Source source;

  static final class Source {
    @Option(
        names = {"-c", "--capabilities"},
        paramLabel = "FILE",
        description =
            "A capability document: room_features (snake_case) or Desktop API (camelCase).")
    Path capabilities;

    @Option(
        names = {"-p", "--profile"},
        paramLabel = "NAME",
        description = "A shipped network profile instead of a file, e.g. whatsapp or signal.group.")
    String profile;
  }

  @Option(
      names = "--now",
      paramLabel = "MILLIS",
      description = "The current time in epoch milliseconds, for age rules (default: the clock).")
  Long now;

  @Option(names = "--explain", description = "Add every capability consulted to each verdict.")
  boolean explain;

  @Option(
      names = "--matrix",
      description =
          "Read Matrix events instead of actions and answer with Matrix events, status and notice.")
  boolean matrix;

  /** How many earlier events --matrix keeps as related events for later lines. */
  static final int REMEMBERED_EVENTS = 1_000;

  @Parameters(
      index = "0",
      paramLabel = "ACTIONS",
      description =
          "A JSON Lines file of actions (with --matrix, of Matrix events), or - for standard input.")
  String actions;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Capabilities capabilities;
    try {
      capabilities = loadCapabilities();
    } catch (UsageProblem e) {
      err.println("triage check: " + e.getMessage());
      err.flush();
      return 2;
    }
    if (matrix && explain) {
      err.println("triage check: --explain does not apply to --matrix answers");
      err.flush();
      return 2;
    }
    Mediator mediator =
        Mediator.create(
            now == null
                ? Clock.systemUTC()
                : Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));
    boolean allValid = true;
    MatrixLines matrixLines = matrix ? new MatrixLines(MatrixMediator.create(mediator)) : null;
    try (BufferedReader lines = openActions()) {
      int lineNumber = 0;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode result =
            matrix
                ? matrixLines.check(capabilities, line, lineNumber)
                : checkLine(mediator, capabilities, line, lineNumber);
        allValid &= !result.has("error");
        out.println(TriageJson.toJson(result));
      }
    } catch (NoSuchFileException e) {
      err.println("triage check: " + actions + ": no such file");
      err.flush();
      return 2;
    }
    out.flush();
    return allValid ? 0 : 1;
  }

  private JsonNode checkLine(
      Mediator mediator, Capabilities capabilities, String line, int number) {
    try {
      Action action = TriageJson.readAction(line);
      Verdict verdict =
          explain ? mediator.explain(action, capabilities) : mediator.mediate(action, capabilities);
      return TriageJson.writeVerdict(verdict);
    } catch (InvalidInputException e) {
      return error("invalid_action", "line " + number + ": " + e.getMessage(), number, e.path());
    } catch (RuntimeException e) {
      // Never let one line end the run: report it and go on.
      return error("internal_error", "line " + number + ": could not be decided: " + e, number, "");
    }
  }

  /** Matrix events, one per line, each answered; earlier ones are related to later ones. */
  private static final class MatrixLines {
    private final MatrixMediator mediator;

    private final Map<String, JsonNode> seen =
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
            return size() > REMEMBERED_EVENTS;
          }
        };

    MatrixLines(MatrixMediator mediator) {
      this.mediator = mediator;
    }

    JsonNode check(Capabilities capabilities, String line, int number) {
      try {
        JsonNode event = TriageJson.parse(line);
        MatrixRead read = MatrixReader.read(event, RelatedEvents.of(seen));
        if (event.path("event_id").isTextual()) {
          seen.put(event.get("event_id").textValue(), event);
        }
        switch (read.kind()) {
          case UNREADABLE:
            return error(
                "event_unreadable",
                "line " + number + ": " + read.eventType() + ": " + read.reason(),
                number,
                "");
          case NOT_MEDIATED:
            return OutcomeWriter.matrixNotMediated(read);
          default:
            return mediator.mediate(read, capabilities).toJson();
        }
      } catch (InvalidInputException e) {
        return error("invalid_event", "line " + number + ": " + e.getMessage(), number, e.path());
      } catch (RuntimeException e) {
        return error(
            "internal_error", "line " + number + ": could not be decided: " + e, number, "");
      }
    }
  }

  private static ObjectNode error(String code, String message, int line, String path) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode error = root.putObject("error");
    error.put("code", code);
    error.put("message", message);
    ObjectNode details = error.putObject("details");
    details.put("line", line);
    details.put("path", path);
    return root;
  }

  private Capabilities loadCapabilities() {
    if (source.profile != null) {
      return ShippedProfiles.get(source.profile)
          .orElseThrow(
              () ->
                  new UsageProblem(
                      "no shipped profile named \""
                          + source.profile
                          + "\"; known: "
                          + String.join(", ", ShippedProfiles.names())));
    }
    Path file = source.capabilities;
    if (!Files.isRegularFile(file)) {
      throw new UsageProblem(file + ": no such file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return TriageJson.readCapabilities(TriageJson.parse(in));
    } catch (InvalidInputException e) {
      throw new UsageProblem(file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new UsageProblem(file + ": cannot be read: " + e.getMessage());
    }
  }

  private BufferedReader openActions() throws IOException {
    Reader reader =
        "-".equals(actions)
            ? new InputStreamReader(System.in, StandardCharsets.UTF_8)
            : Files.newBufferedReader(Path.of(actions), StandardCharsets.UTF_8);
    return new BufferedReader(reader);
  }

  /** A problem with the command line or its files, reported in one line with exit status 2. */
  private static final class UsageProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageProblem(String message) {
      super(message);
    }
  }
}
