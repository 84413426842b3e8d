package dev.triage.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.capability.Capabilities;
import dev.triage.format.FormattingFeature;
import dev.triage.json.TriageJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class CapabilityMatrixTest {
  private static final String CHATTY =
      "{\"edit\": 2, \"edit_max_age\": 900, \"formatting\": {\"spoiler\": 2, \"bold\": 1},"
          + " \"file\": {\"m.image\": {\"mime_types\": {\"image/png\": 2, \"image/jpeg\": 1},"
          + " \"max_size\": 104857600, \"caption\": 2}},"
          + " \"read_receipts\": true, \"allowed_reactions\": [\"👍\", \"❤️\"],"
          + " \"disappearing_timer\": {\"types\": [\"after_send\"], \"timers\": [86400000]},"
          + " \"state\": {\"m.room.name\": {\"level\": 2}}}";

  private static final String QUIET =
      "{\"edit\": 0, \"formatting\": {\"spoiler\": -2},"
          + " \"file\": {\"m.file\": {\"mime_types\": {\"*/*\": 2}}}}";

  private static CapabilityMatrix matrix() {
    Map<String, Capabilities> documents = new LinkedHashMap<>();
    documents.put("chatty", TriageJson.readCapabilities(CHATTY));
    documents.put("quiet", TriageJson.readCapabilities(QUIET));
    return CapabilityMatrix.of(documents);
  }

  private static List<String> texts(String field) {
    return matrix().rows().get(field).cells().stream().map(CapabilityMatrix.Cell::text).toList();
  }

  private static List<Integer> levels(String field) {
    return matrix().rows().get(field).cells().stream().map(CapabilityMatrix.Cell::level).toList();
  }

  @Test
  void columnsAreTheDocumentsInOrderAndGroupsAreAsAReaderLooks() {
    CapabilityMatrix matrix = matrix();

    assertThat(matrix.columns()).containsExactly("chatty", "quiet");
    assertThat(matrix.groups())
        .extracting(CapabilityMatrix.Group::key)
        .containsExactly(
            "messages",
            "file.m.image",
            "file.m.video",
            "file.m.audio",
            "file.m.file",
            "file.org.matrix.msc3245.voice",
            "file.fi.mau.gif",
            "file.m.sticker",
            "formatting",
            "reactions",
            "polls",
            "state",
            "members",
            "chat");
  }

  @Test
  void everyFormattingFeatureHasARowAndAMissingLevelIsZero() {
    assertThat(matrix().groups().get(8).rows())
        .extracting(CapabilityMatrix.Row::field)
        .hasSize(FormattingFeature.values().length)
        .contains("formatting.table", "formatting.code_block.syntax_highlighting");
    assertThat(texts("formatting.table")).containsExactly("0", "0");
    assertThat(levels("formatting.spoiler")).containsExactly(2, -2);
  }

  @Test
  void levelCellsSayWhatTriageDoesInDiffsWordsWithoutTheNow() {
    CapabilityMatrix.Row edit = matrix().rows().get("edit");

    assertThat(edit.cells())
        .extracting(CapabilityMatrix.Cell::meaning)
        .containsExactly("sent as is", "edits become new messages starting with *");
    assertThat(matrix().rows().get("formatting.spoiler").cells().get(1).meaning())
        .isEqualTo("rejected");
  }

  @Test
  void limitsAreReadableAndNotLevelsAndARowNobodySetsIsLeftOut() {
    assertThat(texts("edit_max_age")).containsExactly("15 min", "∞");
    assertThat(levels("edit_max_age")).containsOnlyNulls();
    assertThat(matrix().rows().get("edit_max_age").cells().get(0).meaning())
        .isEqualTo("limit: older messages are rejected as too old");
    assertThat(texts("file.m.image.max_size")).containsExactly("100 MiB", "—");
    assertThat(matrix().rows()).doesNotContainKeys("max_text_length", "delete_max_age");
  }

  @Test
  void booleansTakeTheLevelWhoseRuleTheyFollow() {
    assertThat(texts("read_receipts")).containsExactly("yes", "no");
    assertThat(levels("read_receipts")).containsExactly(2, -1);
    assertThat(levels("delete_chat")).containsExactly(-2, -2);
  }

  @Test
  void aBaseMsgtypeNotListedIsRejectedAndAPseudoOneFallsBack() {
    assertThat(texts("file.m.image.mime_types")).containsExactly("2 types", "no");
    assertThat(levels("file.m.image.mime_types")).containsExactly(2, -2);
    assertThat(texts("file.m.file.mime_types")).containsExactly("no", "*/* 2");
    assertThat(texts("file.org.matrix.msc3245.voice.mime_types"))
        .containsExactly("→ m.audio", "→ m.audio");
    assertThat(levels("file.m.sticker.mime_types")).containsExactly(0, 0);
    assertThat(matrix().rows().get("file.m.image.caption").cells().get(1).text()).isEqualTo("—");
  }

  @Test
  void listsAndTimersAreSummedUpWithTheWholeValueInTheMeaning() {
    assertThat(texts("allowed_reactions")).containsExactly("👍 ❤️", "any");
    assertThat(texts("disappearing_timer")).containsExactly("1 timer", "no");
    assertThat(matrix().rows().get("disappearing_timer").cells().get(0).meaning())
        .startsWith("after_send: 1 d;");
    assertThat(texts("state.m.room.name")).containsExactly("2", "0");
  }

  @Test
  void amountsUseTheLargestWholeUnit() {
    assertThat(CapabilityMatrix.amount(2_097_152_000L, unit("BYTES"))).isEqualTo("2000 MiB");
    assertThat(CapabilityMatrix.amount(1_000_000_000L, unit("BYTES"))).isEqualTo("1 GB");
    assertThat(CapabilityMatrix.amount(1_234_567L, unit("BYTES"))).isEqualTo("1.2 MiB");
    assertThat(CapabilityMatrix.amount(172_800, unit("SECONDS"))).isEqualTo("2 d");
    assertThat(CapabilityMatrix.amount(90, unit("SECONDS"))).isEqualTo("90 s");
  }

  private static CapabilityMatrix.Unit unit(String name) {
    return CapabilityMatrix.Unit.valueOf(name);
  }
}
