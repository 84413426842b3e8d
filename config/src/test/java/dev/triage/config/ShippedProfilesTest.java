package dev.triage.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.capability.Spelling;
import dev.triage.json.TriageJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped profile parses and round-trips in both spellings. */
final class ShippedProfilesTest {
  private static final Path FOLDER = Path.of("src/main/resources/dev/triage/profiles");

  static Stream<String> names() {
    return ShippedProfiles.names().stream();
  }

  @Test
  void indexListsExactlyTheProfileFiles() throws IOException {
    try (Stream<Path> files = Files.list(FOLDER)) {
      assertThat(ShippedProfiles.names())
          .containsExactlyInAnyOrderElementsOf(
              files
                  .map(p -> p.getFileName().toString())
                  .filter(n -> n.endsWith(".json"))
                  .map(n -> n.substring(0, n.length() - ".json".length()))
                  .collect(Collectors.toList()));
    }
    assertThat(ShippedProfiles.names()).hasSize(31).contains("whatsapp", "whatsapp.group", "irc");
  }

  @ParameterizedTest
  @MethodSource("names")
  void profileIsWrittenBackAsTheSameJsonTheBridgeSends(String name) {
    Capabilities profile = ShippedProfiles.get(name).orElseThrow();

    assertThat(TriageJson.writeCapabilities(profile, Spelling.ROOM_FEATURES))
        .isEqualTo(TriageJson.parse(ShippedProfiles.rawJson(name).orElseThrow()));
  }

  @ParameterizedTest
  @MethodSource("names")
  void profileRoundTripsThroughTheDesktopSpelling(String name) {
    Capabilities profile = ShippedProfiles.get(name).orElseThrow();

    Capabilities again =
        TriageJson.readCapabilities(TriageJson.writeCapabilities(profile, Spelling.DESKTOP_API));

    assertThat(again).isEqualTo(profile);
  }

  @Test
  void whatsappProfileSaysWhatItsBridgeSays() {
    Capabilities whatsapp = ShippedProfiles.get("whatsapp").orElseThrow();

    assertThat(whatsapp.edit()).isEqualTo(Level.FULL);
    assertThat(whatsapp.editMaxAge()).isEqualTo(Duration.ofMinutes(15));
    assertThat(whatsapp.deleteMaxAge()).isEqualTo(Duration.ofDays(2));
    assertThat(whatsapp.reactionCount()).isEqualTo(1);
    assertThat(whatsapp.file("org.matrix.msc3245.voice").orElseThrow().mimeLevel("audio/ogg"))
        .isEqualTo(Level.UNSUPPORTED);
    assertThat(whatsapp.unknown()).isEmpty();
  }

  @Test
  void profilesAreSharedInstances() {
    assertThat(ShippedProfiles.get("signal").orElseThrow())
        .isSameAs(ShippedProfiles.get("signal").orElseThrow());
    assertThat(ShippedProfiles.get("no-such-network")).isEmpty();
  }
}
