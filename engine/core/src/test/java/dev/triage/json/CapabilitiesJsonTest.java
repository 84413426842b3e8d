package dev.triage.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.capability.Capabilities;
import dev.triage.capability.FileCapability;
import dev.triage.capability.Level;
import dev.triage.capability.MemberOperation;
import dev.triage.capability.Spelling;
import dev.triage.capability.StateField;
import dev.triage.capability.TimerType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Both spellings of every capability field, writing back, and errors that name the key path. */
final class CapabilitiesJsonTest {
  private static JsonNode resource(String name) throws IOException {
    try (InputStream in = CapabilitiesJsonTest.class.getResourceAsStream("/capabilities/" + name)) {
      return TriageJson.parse(in);
    }
  }

  @Test
  void everyFieldIsReadFromRoomFeaturesSpelling() throws IOException {
    Capabilities caps = TriageJson.readCapabilities(resource("full.room_features.json"));

    assertThat(caps.id()).isEqualTo("test.full");
    assertThat(caps.formattingLevel("bold")).isEqualTo(Level.FULL);
    assertThat(caps.formattingLevel("code_block.syntax_highlighting")).isEqualTo(Level.PARTIAL);
    assertThat(caps.formattingLevel("spoiler")).isEqualTo(Level.DROPPED);
    assertThat(caps.formatting()).containsEntry("room_link", Level.UNSUPPORTED);
    FileCapability image = caps.file("m.image").orElseThrow();
    assertThat(image.mimeTypes())
        .containsEntry("image/png", Level.FULL)
        .containsEntry("image/*", Level.PARTIAL);
    assertThat(image.caption()).isEqualTo(Level.FULL);
    assertThat(image.maxCaptionLength()).isEqualTo(1024);
    assertThat(image.maxSize()).isEqualTo(10_485_760L);
    assertThat(image.maxWidth()).isEqualTo(4096);
    assertThat(image.maxHeight()).isEqualTo(2048);
    assertThat(image.viewOnce()).isTrue();
    assertThat(image.unknown()).containsKey("future_file_key");
    FileCapability voice = caps.file("org.matrix.msc3245.voice").orElseThrow();
    assertThat(voice.caption()).isEqualTo(Level.DROPPED);
    assertThat(voice.maxDuration()).isEqualTo(Duration.ofHours(1));
    assertThat(caps.stateLevel(StateField.TITLE)).isEqualTo(Level.FULL);
    assertThat(caps.stateLevel(StateField.DESCRIPTION)).isEqualTo(Level.PARTIAL);
    assertThat(caps.stateLevel(StateField.AVATAR)).isEqualTo(Level.REJECTED);
    assertThat(caps.stateLevel(StateField.DISAPPEARING_TIMER)).isEqualTo(Level.FULL);
    assertThat(caps.memberLevel(MemberOperation.BAN)).isEqualTo(Level.FULL);
    assertThat(caps.memberLevel(MemberOperation.KICK)).isEqualTo(Level.PARTIAL);
    assertThat(caps.memberLevel(MemberOperation.INVITE)).isEqualTo(Level.UNSUPPORTED);
    assertThat(caps.memberLevel(MemberOperation.LEAVE)).isEqualTo(Level.DROPPED);
    assertThat(caps.memberLevel(MemberOperation.REVOKE_INVITE)).isEqualTo(Level.REJECTED);
    assertThat(caps.maxTextLength()).isEqualTo(4096);
    assertThat(caps.locationMessage()).isEqualTo(Level.PARTIAL);
    assertThat(caps.poll()).isEqualTo(Level.FULL);
    assertThat(caps.pollMaxOptions()).isEqualTo(12);
    assertThat(caps.pollOptionMaxLength()).isEqualTo(100);
    assertThat(caps.thread()).isEqualTo(Level.DROPPED);
    assertThat(caps.reply()).isEqualTo(Level.FULL);
    assertThat(caps.edit()).isEqualTo(Level.FULL);
    assertThat(caps.editMaxCount()).isEqualTo(10);
    assertThat(caps.editMaxAge()).isEqualTo(Duration.ofMinutes(15));
    assertThat(caps.delete()).isEqualTo(Level.FULL);
    assertThat(caps.deleteForMe()).isTrue();
    assertThat(caps.deleteMaxAge()).isEqualTo(Duration.ofDays(2));
    assertThat(caps.disappearingTimer().types())
        .containsExactly(TimerType.AFTER_READ, TimerType.AFTER_SEND);
    assertThat(caps.disappearingTimer().timers()).containsExactly(86_400_000L, 604_800_000L);
    assertThat(caps.disappearingTimer().omitEmptyTimer()).isTrue();
    assertThat(caps.reaction()).isEqualTo(Level.FULL);
    assertThat(caps.reactionCount()).isEqualTo(3);
    assertThat(caps.allowedReactions()).containsExactly("👍", "❤️");
    assertThat(caps.customEmojiReactions()).isTrue();
    assertThat(caps.readReceipts()).isTrue();
    assertThat(caps.typingNotifications()).isTrue();
    assertThat(caps.archive()).isTrue();
    assertThat(caps.markAsUnread()).isTrue();
    assertThat(caps.deleteChat()).isTrue();
    assertThat(caps.deleteChatForEveryone()).isTrue();
    assertThat(caps.acceptRequestWithMessage()).isEqualTo(Level.PARTIAL);
    assertThat(caps.acceptRequestWithButton()).isEqualTo(Level.FULL);
    assertThat(caps.unknown()).containsOnlyKeys("future_top_level_key");
  }

  @Test
  void desktopSpellingReadsAsTheSameCapabilities() throws IOException {
    assertThat(TriageJson.readCapabilities(resource("full.desktop.json")))
        .isEqualTo(TriageJson.readCapabilities(resource("full.room_features.json")));
  }

  @Test
  void eitherSpellingIsWrittenBackExactly() throws IOException {
    Capabilities caps = TriageJson.readCapabilities(resource("full.room_features.json"));

    assertThat(TriageJson.writeCapabilities(caps, Spelling.ROOM_FEATURES))
        .isEqualTo(resource("full.room_features.json"));
    assertThat(TriageJson.writeCapabilities(caps, Spelling.DESKTOP_API))
        .isEqualTo(resource("full.desktop.json"));
  }

  @Test
  void pythonSdkSpellingOfParticipantActionsIsRead() {
    Capabilities caps =
        TriageJson.readCapabilities("{\"participant_actions\": {\"revoke_invite\": 2}}");

    assertThat(caps.memberLevel(MemberOperation.REVOKE_INVITE)).isEqualTo(Level.FULL);
  }

  @Test
  void camelCaseFormattingFeaturesAreReadAsMautrixNames() {
    Capabilities caps =
        TriageJson.readCapabilities(
            "{\"formatting\": {\"inlineCode\": 2, \"codeBlock.syntaxHighlighting\": 1}}");

    assertThat(caps.formattingLevel("inline_code")).isEqualTo(Level.FULL);
    assertThat(caps.formattingLevel("code_block.syntax_highlighting")).isEqualTo(Level.PARTIAL);
  }

  @Test
  void booleanFieldsAcceptLevelNumbers() {
    Capabilities caps =
        TriageJson.readCapabilities(
            "{\"read_receipts\": 1, \"typing_notifications\": 0, \"archive\": -2}");

    assertThat(caps.readReceipts()).isTrue();
    assertThat(caps.typingNotifications()).isFalse();
    assertThat(caps.archive()).isFalse();
  }

  @Test
  void missingFieldsMeanUnsupportedAndUnlimited() {
    Capabilities caps = TriageJson.readCapabilities("{}");

    assertThat(caps).isEqualTo(Capabilities.none());
    assertThat(caps.edit()).isEqualTo(Level.UNSUPPORTED);
    assertThat(caps.maxTextLength()).isZero();
    assertThat(caps.allowedReactions()).isNull();
    assertThat(TriageJson.writeCapabilities(caps, Spelling.ROOM_FEATURES)).isEmpty();
  }

  @Test
  void emptyAllowedReactionsAllowsNoneAndIsWrittenBack() {
    Capabilities caps = TriageJson.readCapabilities("{\"allowed_reactions\": []}");

    assertThat(caps.allowedReactions()).isEqualTo(List.of());
    assertThat(TriageJson.writeCapabilities(caps, Spelling.ROOM_FEATURES).get("allowed_reactions"))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"edit\": \"yes\"} | edit | must be a level from -2 to 2, got the string \"yes\"",
        "{\"edit\": 3} | edit | must be a level from -2 to 2, got 3",
        "{\"editMaxAge\": -5} | editMaxAge | must not be negative, got -5",
        "{\"max_text_length\": 1.5} | max_text_length | must be a whole number of at most 2^63-1, got the number 1.5",
        "{\"formatting\": {\"bold\": true}} | formatting.bold | must be a level from -2 to 2, got true",
        "{\"file\": {\"m.image\": {\"max_size\": -1}}} | file[\"m.image\"].max_size | must not be negative, got -1",
        "{\"file\": {\"m.image\": {\"mime_types\": {\"image/png\": \"2\"}}}} | file[\"m.image\"].mime_types[\"image/png\"] | must be a level from -2 to 2, got the string \"2\"",
        "{\"attachments\": {\"m.image\": []}} | attachments[\"m.image\"] | must be an object, got an array",
        "{\"state\": {\"m.room.name\": {\"level\": \"x\"}}} | state[\"m.room.name\"].level | must be a level from -2 to 2, got the string \"x\"",
        "{\"state\": {\"title\": true}} | state.title | must be an object like {\"level\": 2}, got true",
        "{\"disappearing_timer\": {\"types\": [\"never\"]}} | disappearing_timer.types[0] | must be after_read or after_send (afterRead, afterSend), got the string \"never\"",
        "{\"disappearing_timer\": {\"timers\": [1, -1]}} | disappearing_timer.timers[1] | must not be negative, got -1",
        "{\"allowed_reactions\": [\"a\", 1]} | allowed_reactions[1] | must be a string, got the number 1",
        "{\"read_receipts\": \"yes\"} | read_receipts | must be a boolean (or a level number), got the string \"yes\"",
        "{\"file\": {}, \"attachments\": {}} | attachments | given twice, as \"file\" and \"attachments\"",
        "{\"message_request\": {\"accept_with_button\": 9}} | message_request.accept_with_button | must be a level from -2 to 2, got 9",
        "{\"future_key\": {\"n\": [1, 1e400]}} | future_key.n[1] | a number too large to keep as read",
        "[] | '' | must be an object, got an array"
      })
  void aWrongTypeIsAnErrorThatNamesTheKeyPath(String json, String path, String problem) {
    assertThatThrownBy(() -> TriageJson.readCapabilities(json))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.path()).isEqualTo(path);
              assertThat(e.problem()).isEqualTo(problem);
            });
  }

  @Test
  void malformedJsonIsAnErrorWithItsPosition() {
    assertThatThrownBy(() -> TriageJson.readCapabilities("{\"edit\": 2,"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("malformed JSON at line 1");
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "[".repeat(TriageJson.MAX_DEPTH + 1) + "]".repeat(TriageJson.MAX_DEPTH + 1);

    assertThatThrownBy(() -> TriageJson.parse(deep))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("too large or too deep");
  }

  @Test
  void emptyInputIsAnError() {
    assertThatThrownBy(() -> TriageJson.parse("  "))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty input");
  }
}
