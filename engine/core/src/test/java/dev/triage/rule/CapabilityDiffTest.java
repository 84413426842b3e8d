package dev.triage.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.json.TriageJson;
import java.util.List;
import org.junit.jupiter.api.Test;

final class CapabilityDiffTest {
  private static List<String> diff(String before, String after) {
    return CapabilityDiff.between(
            TriageJson.readCapabilities(before), TriageJson.readCapabilities(after))
        .stream()
        .map(CapabilityDiff.Change::toString)
        .toList();
  }

  @Test
  void identicalDocumentsHaveNoDifference() {
    Capabilities caps = Capabilities.builder().edit(Level.FULL).build();

    assertThat(CapabilityDiff.between(caps, caps)).isEmpty();
  }

  @Test
  void levelChangesSayWhatSendersGet() {
    assertThat(
            diff(
                "{\"edit\": 2, \"reply\": 2, \"poll\": 2, \"reaction\": 2}",
                "{\"reply\": -1, \"poll\": -2, \"reaction\": -1, \"thread\": 1}"))
        .containsExactly(
            "edit: 2 → — — edits become new messages starting with *",
            "poll: 2 → -2 — now rejected",
            "reaction: 2 → -1 — now dropped: not sent, and the sender is told so",
            "reply: 2 → -1 — replies become threads where threads work, else are removed and the"
                + " rest sent",
            "thread: — → 1 — sent, but the network may convert it");
  }

  @Test
  void limitsSayWhetherTheyTightenAndWhatHappensOverThem() {
    assertThat(
            diff(
                "{\"max_text_length\": 4096, \"edit_max_age\": 900}",
                "{\"max_text_length\": 2000, \"delete_max_age\": 60}"))
        .containsExactly(
            "delete_max_age: — → 60 — now limited: older messages are rejected as too old",
            "edit_max_age: 900 → — — no limit any more",
            "max_text_length: 4096 → 2000 — stricter: longer texts are split into several messages");
  }

  @Test
  void nestedFieldsAreNamedByPath() {
    assertThat(
            diff(
                "{\"formatting\": {\"spoiler\": 2}, \"file\": {\"m.image\": {\"mime_types\": {\"image/png\": 2}, \"caption\": 2}}, \"state\": {\"m.room.name\": {\"level\": 2}}}",
                "{\"formatting\": {\"spoiler\": 0}, \"file\": {\"m.image\": {\"mime_types\": {\"image/png\": 0}}}, \"read_receipts\": true}"))
        .containsExactly(
            "file.m.image.caption: 2 → — — captions are sent as their own message after the file",
            "file.m.image.mime_types.image/png: 2 → 0 — such files are sent as m.file where m.file takes them, else rejected",
            "formatting.spoiler: 2 → 0 — messages with spoilers are rejected: a spoiler is never shown",
            "read_receipts: — → true — now supported",
            "state.m.room.name: 2 → — — now rejected: no fallback keeps the meaning");
  }

  @Test
  void allowedReactionsSayWhatIsAllowedEvenWhenOmitted() {
    assertThat(diff("{}", "{\"allowed_reactions\": [\"👍\"]}"))
        .containsExactly("allowed_reactions: — → [\"👍\"] — only these reactions are allowed");
    assertThat(diff("{\"allowed_reactions\": [\"👍\"]}", "{}"))
        .containsExactly("allowed_reactions: [\"👍\"] → — — omitted: every reaction is allowed");
  }

  @Test
  void booleansSayWhetherFalseDropsOrRejects() {
    assertThat(diff("{\"typing_notifications\": true, \"delete_for_me\": true}", "{}"))
        .containsExactly(
            "delete_for_me: true → — — now rejected",
            "typing_notifications: true → — — now dropped: the network never hears of them");
  }
}
