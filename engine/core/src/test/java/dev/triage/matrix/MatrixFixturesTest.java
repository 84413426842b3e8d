package dev.triage.matrix;

import static dev.triage.matrix.MatrixTesting.everything;
import static dev.triage.matrix.MatrixTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.ActionType;
import dev.triage.action.Delete;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.action.Reaction;
import dev.triage.json.TriageJson;
import dev.triage.verdict.Decision;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real events: every event a real client library recorded reads as the table says and comes back
 * untouched when forwarded; every event of the real appservice transactions reads, and read in
 * order (earlier events as related ones, as a proxy sees them) edits, replies and redactions of
 * reactions find what they refer to.
 */
final class MatrixFixturesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "text,MESSAGE",
    "notice,MESSAGE",
    "emote,MESSAGE",
    "html,MESSAGE",
    "reply,MESSAGE",
    "reply_with_fallback,MESSAGE",
    "thread,MESSAGE",
    "thread_reply,MESSAGE",
    "text_with_bundled_relations,MESSAGE",
    "image,MESSAGE",
    "image_with_caption,MESSAGE",
    "file,MESSAGE",
    "audio,MESSAGE",
    "voice,MESSAGE",
    "video,MESSAGE",
    "sticker,MESSAGE",
    "location,LOCATION",
    "edit,EDIT",
    "reaction,REACTION",
    "redaction_of_message,DELETE",
    "redaction_of_reaction,DELETE",
    "redaction_v10,DELETE",
    "redaction_v11,DELETE",
    "poll_start_unstable,POLL",
    "poll_start_stable,POLL",
    "room_name,STATE",
    "room_topic,STATE",
    "room_avatar,STATE",
    "disappearing_timer,DISAPPEARING_TIMER",
    "disappearing_timer_off,DISAPPEARING_TIMER",
    "member_invite,MEMBER",
    "member_kick,MEMBER",
    "member_ban,MEMBER",
    "member_unban,MEMBER",
    "receipt,READ_RECEIPT",
    "typing,TYPING"
  })
  void aRecordedEventReadsAsItsActionAndAForwardSendsItUntouched(String name, ActionType type) {
    ObjectNode event = MatrixFixtures.event(name);
    MatrixRead read = MatrixReader.read(event);
    assertThat(read.kind()).isEqualTo(MatrixRead.Kind.ACTIONS);
    assertThat(read.actions()).extracting(a -> a.type()).containsOnly(type);
    MatrixAnswer answer = MatrixTesting.MATRIX.mediate(read, everything());
    assertThat(answer.decision()).as(json(answer.toJson())).isEqualTo(Decision.FORWARD);
    OutgoingEvent out = answer.events().get(0);
    assertThat(out.type()).isEqualTo(event.get("type").asText());
    assertThat(json(out.content())).isEqualTo(json(event.get("content")));
    assertThat(answer.status()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "member_join,NOT_MEDIATED",
    "room_create_v12,NOT_MEDIATED",
    "redacted_message,NOT_MEDIATED",
    "redacted_message_v10,NOT_MEDIATED",
    "redacted_message_v11,NOT_MEDIATED"
  })
  void aRecordedEventThatIsNoActionSaysWhy(String name, MatrixRead.Kind kind) {
    MatrixRead read = MatrixReader.read(MatrixFixtures.event(name));
    assertThat(read.kind()).isEqualTo(kind);
    assertThat(read.reason()).isNotBlank();
  }

  @Test
  void everyEventOfTheRealTransactionsReads() {
    Map<String, Integer> kinds = new TreeMap<>();
    for (ObjectNode event : MatrixFixtures.transactionEvents()) {
      MatrixRead read = MatrixReader.read(event);
      kinds.merge(event.get("type").asText() + " " + read.kind(), 1, Integer::sum);
      if (read.isMediated()) {
        MatrixAnswer answer = MatrixTesting.MATRIX.mediate(read, everything());
        if (answer.decision() == Decision.FORWARD) {
          assertThat(answer.events().get(0).content()).isEqualTo(event.get("content"));
        }
      }
    }
    assertThat(kinds)
        .containsEntry("m.presence NOT_MEDIATED", 2)
        .containsEntry("com.beeper.room_features NOT_MEDIATED", 1)
        .containsEntry("com.beeper.message_send_status NOT_MEDIATED", 1)
        .doesNotContainKey("m.room.message UNREADABLE");
    assertThat(kinds.keySet()).noneMatch(k -> k.endsWith("UNREADABLE"));
  }

  @Test
  void readInOrderTheTimelineFindsWhatItsEventsReferTo() {
    Map<String, JsonNode> seen = new LinkedHashMap<>();
    Map<ActionType, Integer> types = new EnumMap<>(ActionType.class);
    Reaction removed = null;
    Edit edit = null;
    Message reply = null;
    Delete delete = null;
    for (String line :
        MatrixFixtures.resource("matrix/transactions/synapse-1.163.2-transactions.jsonl")
            .split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode body = TriageJson.parse(line).get("body");
      for (String key : List.of("events", "ephemeral")) {
        for (JsonNode event : body.path(key)) {
          MatrixRead read = MatrixReader.read(event, RelatedEvents.of(seen));
          if (event.hasNonNull("event_id")) {
            seen.put(event.get("event_id").asText(), event);
          }
          if (!read.isMediated()) {
            continue;
          }
          read.actions().forEach(a -> types.merge(a.type(), 1, Integer::sum));
          Object action = read.actions().get(0);
          if (action instanceof Reaction && ((Reaction) action).remove()) {
            removed = (Reaction) action;
          } else if (action instanceof Edit) {
            edit = (Edit) action;
          } else if (action instanceof Message
              && ((Message) action).replyTo() != null
              && ((Message) action).threadRoot() == null) {
            reply = (Message) action;
          } else if (action instanceof Delete) {
            delete = (Delete) action;
          }
        }
      }
    }
    assertThat(removed).as("the redaction of the 🎉 reaction removes it").isNotNull();
    assertThat(removed.key()).isEqualTo("🎉");
    assertThat(delete).as("the redaction of a message deletes it").isNotNull();
    assertThat(delete.sentAt()).isNotNull();
    assertThat(edit.sentAt()).isNotNull();
    assertThat(reply.replyTo().sender()).isEqualTo("@carol:triage.test");
    assertThat(reply.replyTo().text()).isEqualTo("hello from Triage's fixtures");
    // Every action a recorded timeline can hold: chat deletes and accepts are Beeper-only events.
    assertThat(types.keySet()).containsAll(EnumSet.complementOf(EnumSet.of(ActionType.CHAT)));
  }
}
