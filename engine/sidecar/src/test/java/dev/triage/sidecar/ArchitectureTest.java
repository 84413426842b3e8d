package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sidecar's shape (issue 15): route groups depend on the gateway and the HTTP plumbing only —
 * never on another group, nor back on the server — and the plumbing and the gateway know no group.
 */
final class ArchitectureTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/triage/sidecar");

  private static List<Path> javaFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static String simpleName(Path file) {
    return file.getFileName().toString().replace(".java", "");
  }

  @Test
  void aRouteGroupNamesNoOtherGroupAndNotTheServer() throws IOException {
    List<Path> groups = new ArrayList<>();
    for (Path file : javaFiles(SOURCES.resolve("routes"))) {
      if (Files.readString(file).contains("implements RouteGroup")) {
        groups.add(file);
      }
    }
    groups.add(SOURCES.resolve("facade/DesktopFacade.java"));
    assertThat(groups).hasSizeGreaterThan(5);
    List<String> crossings = new ArrayList<>();
    for (Path group : groups) {
      String source = Files.readString(group);
      for (Path other : groups) {
        if (!other.equals(group) && source.matches("(?s).*\\b" + simpleName(other) + "\\b.*")) {
          crossings.add(simpleName(group) + " → " + simpleName(other));
        }
      }
      if (source.matches("(?s).*\\bTriageServer\\b.*")
          || source.contains("import dev.triage.sidecar.appservice")) {
        crossings.add(simpleName(group) + " → the server or the proxy");
      }
    }
    assertThat(crossings).isEmpty();
  }

  @Test
  void thePlumbingAndTheGatewayKnowNoRouteGroup() throws IOException {
    List<String> crossings = new ArrayList<>();
    for (String layer : List.of("http", "gateway")) {
      for (Path file : javaFiles(SOURCES.resolve(layer))) {
        String source = Files.readString(file);
        for (String upper : List.of("routes", "facade", "appservice")) {
          if (source.contains("import dev.triage.sidecar." + upper)) {
            crossings.add(layer + "/" + simpleName(file) + " → " + upper);
          }
        }
      }
    }
    assertThat(crossings).isEmpty();
  }
}
