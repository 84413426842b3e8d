package dev.triage.sidecar;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code triage.jar} entry point. */
@Command(
    name = "triage",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Capability mediation for Matrix bridges.",
    subcommands = {
      ServeCommand.class,
      CheckCommand.class,
      ProfilesCommand.class,
      DiffCommand.class,
      MatrixCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    // Before anything logs: keep logging alive while shutdown hooks run.
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", LastingLogManager.class.getName());
    }
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status. */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  /** Runs the command line with the given output streams, for tests and embedding. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new Main()).setOut(out).setErr(err).execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"triage " + (version == null ? "(development build)" : version)};
    }
  }
}
