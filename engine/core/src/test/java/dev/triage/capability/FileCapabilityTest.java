package dev.triage.capability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class FileCapabilityTest {
  private final FileCapability file =
      FileCapability.of(
          Map.of(
              "audio/ogg; codecs=opus", Level.FULL,
              "audio/ogg", Level.UNSUPPORTED,
              "audio/*", Level.PARTIAL,
              "*/*", Level.DROPPED));

  @ParameterizedTest(name = "{0} → {1} via {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "audio/ogg; codecs=opus | 2  | audio/ogg; codecs=opus",
        "audio/ogg; codecs=vorbis | 0 | audio/ogg",
        "AUDIO/OGG | 0 | audio/ogg",
        "audio/mpeg | 1 | audio/*",
        "image/png | -1 | */*"
      })
  void mimeLookupGoesExactThenWithoutParametersThenMajorThenAny(
      String mime, int level, String match) {
    assertThat(file.mimeLevel(mime).value()).isEqualTo(level);
    assertThat(file.mimeMatch(mime)).isEqualTo(match);
  }

  @Test
  void mimeTypeMatchingNothingIsRejected() {
    FileCapability images = FileCapability.of(Map.of("image/png", Level.FULL));

    assertThat(images.mimeLevel("image/jpeg")).isEqualTo(Level.REJECTED);
    assertThat(images.mimeMatch("image/jpeg")).isNull();
  }

  @Test
  void levelNumbersMapBothWays() {
    for (int value = -2; value <= 2; value++) {
      assertThat(Level.of(value).value()).isEqualTo(value);
    }
    assertThat(Level.of(true)).isEqualTo(Level.FULL);
    assertThat(Level.of(false)).isEqualTo(Level.UNSUPPORTED);
  }
}
