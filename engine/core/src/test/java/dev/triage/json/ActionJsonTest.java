package dev.triage.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.action.Action;
import dev.triage.action.ActionType;
import dev.triage.action.Attachment;
import dev.triage.action.Delete;
import dev.triage.action.DisappearingTimer;
import dev.triage.action.Message;
import dev.triage.action.Reaction;
import dev.triage.action.ReplyTo;
import dev.triage.action.TextType;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The action wire format: every kind read and written back, and errors that name the field. */
final class ActionJsonTest {
  /** One action of every kind, each in the form the writer produces. */
  private static final String[] EVERY_KIND = {
    "{\"type\":\"message\",\"id\":\"tx1\",\"chatID\":\"!c:example.org\",\"msgtype\":\"m.emote\","
        + "\"text\":\"waves\",\"html\":\"<i>waves</i>\",\"replyTo\":{\"messageID\":\"$q\","
        + "\"sender\":\"Ann\",\"text\":\"hi\"},\"threadRoot\":\"$root\"}",
    "{\"type\":\"message\",\"text\":\"look\",\"attachment\":{\"msgtype\":\"m.video\","
        + "\"mimeType\":\"video/mp4\",\"size\":1000,\"width\":640,\"height\":480,\"duration\":12.5,"
        + "\"fileName\":\"a.mp4\",\"url\":\"mxc://example.org/a\",\"viewOnce\":true}}",
    "{\"type\":\"edit\",\"messageID\":\"$m\",\"sentAt\":1700000000000,\"editCount\":2,"
        + "\"text\":\"fixed\",\"html\":\"<b>fixed</b>\"}",
    "{\"type\":\"edit\",\"messageID\":\"$m\",\"text\":\"new look\",\"attachment\":{\"msgtype\":\"m.image\","
        + "\"mimeType\":\"image/png\",\"fileName\":\"b.png\"}}",
    "{\"type\":\"edit\",\"messageID\":\"$p\",\"text\":\"Lunch?\",\"targetType\":\"poll\"}",
    "{\"type\":\"message\",\"text\":\"hello?\",\"pendingRequest\":true}",
    "{\"type\":\"state\",\"field\":\"description\",\"value\":\"Ours\",\"current\":\"Mine\"}",
    "{\"type\":\"delete\",\"messageID\":\"$m\",\"sentAt\":1700000000000,\"forEveryone\":false}",
    "{\"type\":\"reaction\",\"messageID\":\"$m\",\"key\":\"👍\",\"remove\":true,\"existing\":1}",
    "{\"type\":\"reaction\",\"messageID\":\"$m\",\"key\":\"👍\",\"existing\":[\"❤️\",\"😂\"]}",
    "{\"type\":\"poll\",\"question\":\"Lunch?\",\"options\":[\"Pizza\",\"Sushi\"],\"maxSelections\":2}",
    "{\"type\":\"location\",\"latitude\":52.52,\"longitude\":13.405,\"description\":\"Berlin\"}",
    "{\"type\":\"location\",\"latitude\":-33,\"longitude\":151}",
    "{\"type\":\"message\",\"attachment\":{\"msgtype\":\"org.matrix.msc3245.voice\",\"mimeType\":\"audio/ogg\",\"duration\":4}}",
    "{\"type\":\"state\",\"field\":\"title\",\"value\":\"Team\"}",
    "{\"type\":\"disappearingTimer\",\"timerType\":\"afterRead\",\"timer\":86400000}",
    "{\"type\":\"member\",\"action\":\"revokeInvite\",\"userID\":\"@bob:example.org\"}",
    "{\"type\":\"chat\",\"action\":\"deleteForEveryone\"}",
    "{\"type\":\"readReceipt\",\"messageID\":\"$m\"}",
    "{\"type\":\"typing\",\"typing\":false}"
  };

  @Test
  void everyKindIsReadAndWrittenBackUnchanged() {
    Set<ActionType> seen = EnumSet.noneOf(ActionType.class);
    for (String json : EVERY_KIND) {
      Action action = TriageJson.readAction(json);
      seen.add(action.type());

      assertThat(TriageJson.writeAction(action)).isEqualTo(TriageJson.parse(json));
      assertThat(TriageJson.readAction(TriageJson.writeAction(action))).isEqualTo(action);
    }
    assertThat(seen).containsExactlyInAnyOrder(ActionType.values());
  }

  @Test
  void messageFieldsAreReadIntoTheModel() {
    Message message = (Message) TriageJson.readAction(EVERY_KIND[0]);

    assertThat(message)
        .isEqualTo(
            new Message(
                "tx1",
                "!c:example.org",
                TextType.EMOTE,
                "waves",
                "<i>waves</i>",
                new ReplyTo("$q", "Ann", "hi"),
                "$root",
                null));
    Message video = (Message) TriageJson.readAction(EVERY_KIND[1]);
    assertThat(video.attachment())
        .isEqualTo(
            new Attachment(
                "m.video",
                "video/mp4",
                1000L,
                640,
                480,
                12.5,
                "a.mp4",
                "mxc://example.org/a",
                true));
  }

  // bridgev2 reads com.beeper.disappearing_timer with no type, or a timer of 0, as off.
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\":\"disappearingTimer\",\"timer\":86400000}",
        "{\"type\":\"disappearingTimer\",\"timerType\":\"\",\"timer\":86400000}",
        "{\"type\":\"disappearingTimer\",\"timerType\":\"afterRead\",\"timer\":0}"
      })
  void noTimerTypeOrATimerOfZeroIsOff(String json) {
    DisappearingTimer timer = (DisappearingTimer) TriageJson.readAction(json);

    assertThat(timer.turnsOff()).isTrue();
    assertThat(timer).isEqualTo(new DisappearingTimer(null, null, null, 0));
  }

  @Test
  void emptyTimerTypeTurnsTheTimerOff() {
    Action action =
        TriageJson.readAction("{\"type\":\"disappearingTimer\",\"timerType\":\"\",\"timer\":0}");

    assertThat(TriageJson.writeAction(action))
        .isEqualTo(
            TriageJson.parse("{\"type\":\"disappearingTimer\",\"timerType\":\"\",\"timer\":0}"));
  }

  @Test
  void reactionExistingIsReadAsACountOrAsTheKeysOldestFirst() {
    Reaction counted =
        (Reaction)
            TriageJson.readAction(
                "{\"type\":\"reaction\",\"messageID\":\"$m\",\"key\":\"👍\",\"existing\":2}");
    Reaction listed =
        (Reaction)
            TriageJson.readAction(
                "{\"type\":\"reaction\",\"messageID\":\"$m\",\"key\":\"👍\","
                    + "\"existing\":[\"❤️\",\"😂\"]}");

    assertThat(counted.existing()).isEqualTo(2);
    assertThat(counted.existingKeys()).isNull();
    assertThat(listed.existing()).isEqualTo(2);
    assertThat(listed.existingKeys()).containsExactly("❤️", "😂");
  }

  // An omitted forEveryone is the chat's ordinary delete, as a Matrix redaction (which has no such
  // flag) is: for everyone. Only an explicit false is a delete for me.
  @Test
  void deleteWithoutForEveryoneIsTheOrdinaryDeleteForEveryone() {
    assertThat(TriageJson.readAction("{\"type\":\"delete\",\"messageID\":\"$m\"}"))
        .isEqualTo(new Delete(null, null, "$m", null, true));
  }

  @Test
  void deleteForMeIsReadAsSuch() {
    assertThat(TriageJson.readAction(EVERY_KIND[7]))
        .isEqualTo(new Delete(null, null, "$m", 1_700_000_000_000L, false));
  }

  @ParameterizedTest(name = "{0} → {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{} | type | is required",
        "{\"type\":\"shout\"} | type | unknown action type \"shout\"; expected one of [message, edit, delete, reaction, poll, location, state, disappearingTimer, member, chat, readReceipt, typing]",
        "{\"type\":7} | type | must be a string, got the number 7",
        "{\"type\":\"message\"} | text | is required for a message without attachment",
        "{\"type\":\"message\",\"text\":\"x\",\"replyto\":{}} | replyto | unknown field",
        "{\"type\":\"message\",\"text\":5} | text | must be a string, got the number 5",
        "{\"type\":\"message\",\"text\":\"x\",\"msgtype\":\"m.image\"} | msgtype | must be m.text, m.notice or m.emote, got \"m.image\" (files go in attachment)",
        "{\"type\":\"message\",\"text\":\"x\",\"replyTo\":{}} | replyTo.messageID | is required",
        "{\"type\":\"message\",\"text\":\"x\",\"replyTo\":{\"messageID\":\"$q\",\"body\":\"x\"}} | replyTo.body | unknown field",
        "{\"type\":\"message\",\"attachment\":{\"msgtype\":\"m.image\",\"mimeType\":\"image/png\",\"size\":-1}} | attachment.size | must not be negative, got -1",
        "{\"type\":\"message\",\"attachment\":{\"msgtype\":\"m.image\"}} | attachment.mimeType | is required",
        "{\"type\":\"message\",\"attachment\":{\"msgtype\":\"m.image\",\"mimeType\":\"image/png\",\"viewOnce\":\"yes\"}} | attachment.viewOnce | must be true or false, got the string \"yes\"",
        "{\"type\":\"message\",\"attachment\":{\"msgtype\":\"m.image\",\"mimeType\":\"image/png\",\"width\":1e99}} | attachment.width | must be a whole number of at most 2^63-1, got the number 1.0E99",
        "{\"type\":\"edit\",\"messageID\":\"$m\"} | text | is required for an edit without attachment",
        "{\"type\":\"edit\",\"messageID\":\"$m\",\"text\":\"x\",\"targetType\":\"vote\"} | targetType | must be message or poll, got \"vote\"",
        "{\"type\":\"edit\",\"messageID\":\"$m\",\"attachment\":{\"msgtype\":\"m.image\"}} | attachment.mimeType | is required",
        "{\"type\":\"message\",\"text\":\"x\",\"pendingRequest\":1} | pendingRequest | must be true or false, got the number 1",
        "{\"type\":\"state\",\"field\":\"title\",\"value\":\"x\",\"current\":false} | current | must be a string, got false",
        "{\"type\":\"edit\",\"messageID\":\"$m\",\"text\":\"x\",\"sentAt\":\"now\"} | sentAt | must be a whole number of at most 2^63-1, got the string \"now\"",
        "{\"type\":\"delete\",\"messageID\":\"$m\",\"forEveryone\":\"no\"} | forEveryone | must be true or false, got the string \"no\"",
        "{\"type\":\"reaction\",\"messageID\":\"$m\"} | key | is required",
        "{\"type\":\"reaction\",\"messageID\":\"$m\",\"key\":\"x\",\"existing\":[\"a\",2]} | existing[1] | must be a string, got the number 2",
        "{\"type\":\"reaction\",\"messageID\":\"$m\",\"key\":\"x\",\"existing\":[\"a\",\"\"]} | existing[1] | must not be empty",
        "{\"type\":\"reaction\",\"messageID\":\"$m\",\"key\":\"x\",\"existing\":[\"a\",\"a\"]} | existing[1] | lists a a second time",
        "{\"type\":\"reaction\",\"messageID\":\"$m\",\"key\":\"x\",\"existing\":\"a\"} | existing | must be a count or a list of the sender's reaction keys, got the string \"a\"",
        "{\"type\":\"reaction\",\"messageID\":\"$m\",\"key\":\"x\",\"existing\":-1} | existing | must not be negative, got -1",
        "{\"type\":\"poll\",\"question\":\"q\"} | options | is required",
        "{\"type\":\"poll\",\"question\":\"q\",\"options\":[]} | '' | options must list at least one answer",
        "{\"type\":\"poll\",\"question\":\"q\",\"options\":[\"a\",2]} | options[1] | must be a string, got the number 2",
        "{\"type\":\"location\",\"latitude\":91,\"longitude\":0} | '' | latitude must be between -90 and 90, got 91.0",
        "{\"type\":\"location\",\"longitude\":0} | latitude | is required",
        "{\"type\":\"state\",\"field\":\"disappearingTimer\",\"value\":\"x\"} | field | must be title, description or avatar, got \"disappearingTimer\"",
        "{\"type\":\"disappearingTimer\",\"timerType\":\"afterSend\"} | timer | is required (milliseconds; 0 turns it off)",
        "{\"type\":\"disappearingTimer\",\"timerType\":\"soon\",\"timer\":1} | timerType | must be afterRead, afterSend or \"\", got \"soon\"",
        "{\"type\":\"member\",\"action\":\"promote\",\"userID\":\"@u\"} | action | must be ban, kick, invite, leave or revokeInvite, got \"promote\"",
        "{\"type\":\"chat\",\"action\":\"pin\"} | action | must be one of [archive, unarchive, markUnread, markRead, delete, deleteForEveryone, acceptRequest], got \"pin\"",
        "{\"type\":\"typing\"} | typing | is required (true or false)",
        "{\"type\":\"readReceipt\",\"messageID\":\" \"} | '' | messageID must not be blank"
      })
  void aBadActionIsAnErrorThatNamesTheField(String json, String path, String problem) {
    assertThatThrownBy(() -> TriageJson.readAction(json))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.path()).isEqualTo(path);
              assertThat(e.problem()).isEqualTo(problem);
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[", "{\"type\":", "null", "42", "\"message\""})
  void anythingThatIsNotAnActionObjectIsAnInvalidInput(String json) {
    assertThatThrownBy(() -> TriageJson.readAction(json)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void errorsInsideABatchNameTheActionsPlace() {
    assertThatThrownBy(
            () -> TriageJson.readAction(TriageJson.parse("{\"type\":\"typing\"}"), "actions[3]"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo("actions[3].typing: is required (true or false)"));
  }
}
