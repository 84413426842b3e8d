package dev.triage.sidecar;

import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.config.ShippedProfiles;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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
      out.printf("%-" + width + "s  %s%n", profile.getKey(), summary(profile.getValue()));
    }
    out.flush();
    return 0;
  }

  /** The few facts a bridge author looks for first. */
  static String summary(Capabilities caps) {
    List<String> facts = new ArrayList<>();
    facts.add(caps.maxTextLength() == 0 ? "text unlimited" : "text " + caps.maxTextLength());
    facts.add(
        feature("edit", caps.edit())
            + (caps.edit().isSupported() && !caps.editMaxAge().isZero()
                ? " " + caps.editMaxAge().toMinutes() + " min"
                : ""));
    facts.add(feature("reply", caps.reply()));
    facts.add(feature("thread", caps.thread()));
    facts.add(
        feature("reaction", caps.reaction())
            + (caps.reaction().isSupported() && caps.reactionCount() > 0
                ? " ×" + caps.reactionCount()
                : ""));
    facts.add(feature("poll", caps.poll()));
    facts.add(caps.files().size() + " file types");
    long formats = caps.formatting().values().stream().filter(Level::isSupported).count();
    facts.add(formats + " formats");
    return String.join(", ", facts) + (caps.id() == null ? "" : "  [" + caps.id() + "]");
  }

  private static String feature(String name, Level level) {
    switch (level) {
      case FULL:
        return name;
      case PARTIAL:
        return name + "~";
      case UNSUPPORTED:
        return "no " + name;
      case DROPPED:
        return name + " dropped";
      default:
        return name + " rejected";
    }
  }
}
