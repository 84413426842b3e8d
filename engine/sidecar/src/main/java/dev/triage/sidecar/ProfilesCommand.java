package dev.triage.sidecar;

import dev.triage.capability.Capabilities;
import dev.triage.config.ShippedProfiles;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code triage profiles}: the shipped network profiles, one line each. */
@Command(
    name = "profiles",
    mixinStandardHelpOptions = true,
    description = "List the shipped network profiles, one line each: name, then what stands out.")
final class ProfilesCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int width = ShippedProfiles.names().stream().mapToInt(String::length).max().orElse(10);
    for (Map.Entry<String, Capabilities> profile : ShippedProfiles.all().entrySet()) {
      out.printf(
          "%-" + width + "s  %s%n", profile.getKey(), ShippedProfiles.summary(profile.getValue()));
    }
    out.flush();
    return 0;
  }
}
