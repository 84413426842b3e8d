package dev.triage.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** com.beeper.room_features state read into capabilities, choosing the bridge's by state key. */
final class MatrixRoomFeaturesTest {
  /** The room_features state a real bridge bot sent (the Synapse 1.67 capture). */
  private static ObjectNode captured() {
    return MatrixFixtures.transactionEvents().stream()
        .filter(e -> e.get("type").asText().equals("com.beeper.room_features"))
        .findFirst()
        .orElseThrow();
  }

  private static ObjectNode other(String stateKey, int edit) {
    return (ObjectNode)
        TriageJson.parse(
            "{\"type\":\"com.beeper.room_features\",\"state_key\":\""
                + stateKey
                + "\",\"content\":{\"edit\":"
                + edit
                + "}}");
  }

  @Test
  void theStateKeyIsDomainSlashAppserviceId() {
    assertThat(RoomFeatures.stateKey("triage.test", "triage")).isEqualTo("triage.test/triage");
  }

  @Test
  void theCapturedStateIsReadIntoCapabilities() {
    Capabilities caps =
        RoomFeatures.read(List.of(captured()), RoomFeatures.stateKey("triage.test", "triage"))
            .orElseThrow();
    assertThat(caps.id()).isEqualTo("triage.test/e2e");
    assertThat(caps.edit()).isEqualTo(Level.PARTIAL);
    assertThat(caps.editMaxAge().getSeconds()).isEqualTo(900);
    assertThat(caps.reactionCount()).isEqualTo(1);
  }

  @Test
  void theBridgesOwnIsChosenAmongSeveral() {
    List<JsonNode> state = List.of(other("example.org/other", 2), captured(), other("", -2));
    assertThat(RoomFeatures.read(state, "triage.test/triage").orElseThrow().edit())
        .isEqualTo(Level.PARTIAL);
    assertThat(RoomFeatures.read(state, "").orElseThrow().edit()).isEqualTo(Level.REJECTED);
  }

  @Test
  void theOnlyOneIsTakenWhateverItsKeyAndSeveralOthersAreNone() {
    assertThat(RoomFeatures.read(List.of(other("", 2)), "triage.test/triage")).isPresent();
    assertThat(RoomFeatures.read(List.of(other("a/b", 2), other("c/d", 1)), "triage.test/triage"))
        .isEmpty();
    assertThat(RoomFeatures.read(List.of(MatrixFixtures.event("room_name")), null)).isEmpty();
  }

  @Test
  void aBadDocumentIsRefusedNamingItsPathInTheContent() {
    ObjectNode bad = other("", 2);
    bad.with("content").put("edit", "yes");
    assertThatThrownBy(() -> RoomFeatures.read(List.of(bad), null))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).path())
        .isEqualTo("content.edit");
  }
}
