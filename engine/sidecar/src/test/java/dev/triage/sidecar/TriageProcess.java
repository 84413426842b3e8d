package dev.triage.sidecar;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged triage.jar as a real process, for the tests that run it as a user would. */
final class TriageProcess {
  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

  private TriageProcess() {}

  /** Starts triage.jar with its output going to {@code log}: a file survives the process. */
  static Process start(Path log, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar());
    command.addAll(List.of(args));
    return run(command, log);
  }

  /**
   * Starts triage.jar with more jars on the classpath, as an operator adds an adapter: {@code java
   * -cp triage.jar:more.jar dev.triage.sidecar.Main ...} ({@code -jar} would ignore them).
   */
  static Process startWithJars(Path log, List<String> jars, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    List<String> classpath = new ArrayList<>(List.of(jar()));
    classpath.addAll(jars);
    command.add(String.join(java.io.File.pathSeparator, classpath));
    command.add("dev.triage.sidecar.Main");
    command.addAll(List.of(args));
    return run(command, log);
  }

  private static String jar() {
    return System.getProperty("triage.jar", "target/triage.jar");
  }

  private static Process run(List<String> command, Path log) throws Exception {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** The port from serve's "listening on" line, or -1 if the process ended or took 30 s. */
  static int awaitPort(Process process, Path log) throws Exception {
    for (int i = 0; i < 300 && process.isAlive(); i++) {
      Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(100);
    }
    return -1;
  }
}
