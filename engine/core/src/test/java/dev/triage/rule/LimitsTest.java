package dev.triage.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Attachment;
import dev.triage.action.Delete;
import dev.triage.action.DisappearingTimer;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.action.Poll;
import dev.triage.action.Reaction;
import dev.triage.capability.Capabilities;
import dev.triage.capability.DisappearingTimerCapability;
import dev.triage.capability.FileCapability;
import dev.triage.capability.Level;
import dev.triage.capability.TimerType;
import dev.triage.verdict.Decision;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every numeric limit at its boundary: exactly at the limit passes, one over rejects. */
final class LimitsTest {
  private static final Mediator MEDIATOR = Mediator.create(Fixtures.CLOCK);

  private static Verdict mediate(dev.triage.action.Action action, Capabilities caps) {
    return MEDIATOR.mediate(action, caps);
  }

  @Nested
  final class Edits {
    private final Capabilities caps =
        Fixtures.everything().toBuilder()
            .editMaxAge(Duration.ofSeconds(900))
            .editMaxCount(10)
            .build();

    private Edit sentAgo(long millis) {
      return new Edit(null, null, "$m", Fixtures.NOW - millis, 0, "fixed", null);
    }

    @Test
    void editExactlyAtMaxAgeIsForwarded() {
      assertThat(mediate(sentAgo(900_000), caps).decision()).isEqualTo(Decision.FORWARD);
    }

    // bridgev2 errors.go ErrEditTargetTooOld: a capability limit, MessageStatusUnsupported;
    // m.event_too_old is only for send timeouts.
    @Test
    void editOneMillisecondPastMaxAgeIsRejectedAsUnsupported() {
      Verdict verdict = mediate(sentAgo(900_001), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.status().reason()).isEqualTo("com.beeper.unsupported_event");
      assertThat(verdict.notes()).extracting(n -> n.code()).containsExactly(NoteCode.EDIT_TOO_OLD);
      assertThat(verdict.status().message()).contains("15 min");
    }

    @Test
    void editOfMessageFromTheFutureIsForwarded() {
      assertThat(mediate(sentAgo(-60_000), caps).decision()).isEqualTo(Decision.FORWARD);
    }

    @Test
    void editWithoutSentAtPassesWithANote() {
      Verdict verdict = mediate(new Edit(null, null, "$m", null, 0, "fixed", null), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
      assertThat(verdict.hasNote(NoteCode.EDIT_AGE_UNKNOWN)).isTrue();
    }

    // bridgev2 portal.go handleMatrixEdit: EditCount >= EditMaxCount is ErrEditTargetTooManyEdits,
    // MessageStatusUnsupported.
    @ParameterizedTest(name = "{0} earlier edits with max 10 → {1}")
    @CsvSource({"0, forward", "9, forward", "10, reject", "11, reject"})
    void editCountIsCheckedAgainstEditMaxCount(int before, String decision) {
      Verdict verdict =
          mediate(new Edit(null, null, "$m", Fixtures.NOW, before, "fixed", null), caps);

      assertThat(verdict.decision().wireName()).isEqualTo(decision);
      if (verdict.decision() == Decision.REJECT) {
        assertThat(verdict.status().reason()).isEqualTo("com.beeper.unsupported_event");
        assertThat(verdict.hasNote(NoteCode.EDIT_TOO_MANY)).isTrue();
      }
    }

    @Test
    void editWithoutEditCountPassesWithANote() {
      Verdict verdict = mediate(new Edit(null, null, "$m", Fixtures.NOW, null, "x", null), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
      assertThat(verdict.hasNote(NoteCode.EDIT_COUNT_UNKNOWN)).isTrue();
    }

    @Test
    void zeroLimitsMeanNoLimit() {
      Verdict verdict =
          mediate(new Edit(null, null, "$m", 0L, 1_000, "fixed", null), Fixtures.everything());

      assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
      assertThat(verdict.notes()).isEmpty();
    }
  }

  @Nested
  final class Deletes {
    private final Capabilities caps =
        Fixtures.everything().toBuilder().deleteMaxAge(Duration.ofDays(2)).build();

    @Test
    void deleteExactlyAtMaxAgeIsForwarded() {
      Delete delete = new Delete(null, null, "$m", Fixtures.NOW - 172_800_000L, true);

      assertThat(mediate(delete, caps).decision()).isEqualTo(Decision.FORWARD);
    }

    // As for edits (bridgev2 errors.go): a limit of the chat is unsupported, not a send timeout.
    @Test
    void deletePastMaxAgeIsRejectedAsUnsupported() {
      Verdict verdict =
          mediate(new Delete(null, null, "$m", Fixtures.NOW - 172_800_001L, true), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.status().reason()).isEqualTo("com.beeper.unsupported_event");
      assertThat(verdict.hasNote(NoteCode.DELETE_TOO_OLD)).isTrue();
      assertThat(verdict.status().message()).contains("2 d");
    }

    @Test
    void limitsAndTimesAtTheEndsOfTheRangeDoNotOverflow() {
      Capabilities forever =
          caps.toBuilder().deleteMaxAge(Duration.ofSeconds(Long.MAX_VALUE)).build();

      assertThat(mediate(new Delete(null, null, "$m", Long.MIN_VALUE, true), forever).decision())
          .isEqualTo(Decision.FORWARD);
      assertThat(mediate(new Delete(null, null, "$m", Long.MIN_VALUE, true), caps).decision())
          .isEqualTo(Decision.REJECT);
      assertThat(mediate(new Delete(null, null, "$m", Long.MAX_VALUE, true), caps).decision())
          .isEqualTo(Decision.FORWARD);
    }

    @Test
    void deleteWithoutSentAtPassesWithANote() {
      Verdict verdict = mediate(new Delete(null, null, "$m", null, true), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
      assertThat(verdict.hasNote(NoteCode.DELETE_AGE_UNKNOWN)).isTrue();
    }

    @Test
    void deleteForMeIgnoresTheAgeLimitAndNeverBecomesDeleteForEveryone() {
      Capabilities noForMe = caps.toBuilder().deleteForMe(false).build();
      Delete forMe = new Delete(null, null, "$m", 0L, false);

      assertThat(mediate(forMe, caps).decision()).isEqualTo(Decision.FORWARD);
      Verdict refused = mediate(forMe, noForMe);
      assertThat(refused.decision()).isEqualTo(Decision.REJECT);
      assertThat(refused.hasNote(NoteCode.DELETE_FOR_ME_UNSUPPORTED)).isTrue();
    }
  }

  @Nested
  final class Files {
    private final Capabilities caps =
        Fixtures.everything().toBuilder()
            .file(
                Attachment.VIDEO,
                new FileCapability(
                    Map.of("video/mp4", Level.FULL),
                    Level.FULL,
                    0,
                    1_000,
                    640,
                    480,
                    Duration.ofSeconds(60),
                    false,
                    Map.of()))
            .build();

    private Message video(Long size, Integer width, Integer height, Double duration) {
      return Message.file(
          new Attachment(
              Attachment.VIDEO, "video/mp4", size, width, height, duration, null, null, false));
    }

    @Test
    void fileExactlyAtEveryLimitIsForwarded() {
      Verdict verdict = mediate(video(1_000L, 640, 480, 60.0), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
      assertThat(verdict.notes()).isEmpty();
    }

    @Test
    void fileOneByteOverMaxSizeIsRejected() {
      Verdict verdict = mediate(video(1_001L, 640, 480, 60.0), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.notes())
          .extracting(n -> n.code())
          .containsExactly(NoteCode.ATTACHMENT_TOO_LARGE);
      assertThat(verdict.notes().get(0).capability()).isEqualTo("file.m.video.max_size");
      assertThat(verdict.status().message()).contains("1001").contains("1000");
    }

    @Test
    void fileOnePixelTooWideIsRejected() {
      assertThat(mediate(video(1L, 641, 480, 1.0), caps).hasNote(NoteCode.ATTACHMENT_TOO_WIDE))
          .isTrue();
    }

    @Test
    void fileOnePixelTooTallIsRejected() {
      assertThat(mediate(video(1L, 640, 481, 1.0), caps).hasNote(NoteCode.ATTACHMENT_TOO_TALL))
          .isTrue();
    }

    @Test
    void fileLongerThanMaxDurationIsRejected() {
      Verdict verdict = mediate(video(1L, 1, 1, 60.5), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.hasNote(NoteCode.ATTACHMENT_TOO_LONG)).isTrue();
    }

    @Test
    void unknownValuesPassWithANotePerLimit() {
      Verdict verdict = mediate(video(null, null, null, null), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
      assertThat(verdict.notes())
          .extracting(n -> n.capability())
          .containsExactly(
              "file.m.video.max_size",
              "file.m.video.max_width",
              "file.m.video.max_height",
              "file.m.video.max_duration");
      assertThat(verdict.notes())
          .allSatisfy(n -> assertThat(n.code()).isEqualTo(NoteCode.ATTACHMENT_LIMIT_UNKNOWN));
    }

    @Test
    void captionExactlyAtMaxCaptionLengthStaysOnTheFile() {
      Capabilities limited = captionLimit(5);
      Message message =
          Message.text("héllo").withAttachment(Attachment.of(Attachment.IMAGE, "image/png"));

      assertThat(mediate(message, limited).decision()).isEqualTo(Decision.FORWARD);
    }

    @Test
    void captionOverMaxCaptionLengthIsSentAsItsOwnMessage() {
      Capabilities limited = captionLimit(5);
      Message message =
          new Message(
              "tx1",
              null,
              null,
              "hello!",
              null,
              null,
              null,
              Attachment.of(Attachment.IMAGE, "image/png"));

      Verdict verdict = mediate(message, limited);

      assertThat(verdict.decision()).isEqualTo(Decision.DEGRADE);
      assertThat(verdict.hasNote(NoteCode.CAPTION_TOO_LONG)).isTrue();
      assertThat(verdict.actions()).hasSize(2);
      Message file = (Message) verdict.actions().get(0);
      Message caption = (Message) verdict.actions().get(1);
      assertThat(file.text()).isNull();
      assertThat(file.attachment()).isEqualTo(message.attachment());
      assertThat(caption.text()).isEqualTo("hello!");
      assertThat(caption.attachment()).isNull();
      assertThat(caption.id()).isEqualTo("tx1#2");
    }

    private Capabilities captionLimit(int max) {
      return Fixtures.everything().toBuilder()
          .file(
              Attachment.IMAGE,
              new FileCapability(
                  Map.of("image/png", Level.FULL),
                  Level.FULL,
                  max,
                  0,
                  0,
                  0,
                  Duration.ZERO,
                  false,
                  Map.of()))
          .build();
    }
  }

  @Nested
  final class Text {
    @Test
    void textExactlyAtMaxTextLengthInCodePointsIsForwarded() {
      // Three code points, five UTF-16 units: the limit counts code points.
      Capabilities caps = Fixtures.everything().toBuilder().maxTextLength(3).build();

      assertThat(mediate(Message.text("a😀😀"), caps).decision()).isEqualTo(Decision.FORWARD);
    }

    @Test
    void textOneCodePointOverMaxTextLengthIsSplit() {
      Capabilities caps = Fixtures.everything().toBuilder().maxTextLength(3).build();

      Verdict verdict = mediate(Message.text("ab😀😀"), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.DEGRADE);
      assertThat(verdict.hasNote(NoteCode.TEXT_SPLIT)).isTrue();
      assertThat(verdict.actions())
          .extracting(a -> ((Message) a).text())
          .containsExactly("ab😀", "😀");
    }

    @Test
    void editTextOverTheLimitIsRejected() {
      Capabilities caps = Fixtures.everything().toBuilder().maxTextLength(3).build();

      Verdict verdict = mediate(new Edit(null, null, "$m", Fixtures.NOW, 0, "abcd", null), caps);

      assertThat(verdict.hasNote(NoteCode.TEXT_TOO_LONG)).isTrue();
    }
  }

  @Nested
  final class Reactions {
    // bridgev2 portal.go handleMatrixReaction: at MaxReactions the new reaction is sent and the
    // sender's oldest removed; it is never refused. With only a count, the network replaces.
    @ParameterizedTest(name = "{0} existing of 1 allowed → forward, noted: {1}")
    @CsvSource({"0, false", "1, true", "2, true"})
    void reactionCountNeverRefusesANewReaction(int existing, boolean noted) {
      Capabilities caps = Fixtures.everything().toBuilder().reactionCount(1).build();

      Verdict verdict = mediate(new Reaction(null, null, "$m", "👍", false, existing), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
      assertThat(verdict.hasNote(NoteCode.REACTION_COUNT_EXCEEDED)).isEqualTo(noted);
    }

    @Test
    void unknownExistingCountPassesWithANote() {
      Capabilities caps = Fixtures.everything().toBuilder().reactionCount(1).build();

      Verdict verdict = mediate(new Reaction(null, null, "$m", "👍", false, null), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
      assertThat(verdict.hasNote(NoteCode.REACTION_COUNT_UNKNOWN)).isTrue();
    }

    @Test
    void removingAReactionIsNotLimited() {
      Capabilities caps =
          Fixtures.everything().toBuilder().reactionCount(1).allowedReactions(List.of()).build();

      assertThat(mediate(new Reaction(null, null, "$m", "👍", true, 5), caps).decision())
          .isEqualTo(Decision.FORWARD);
    }

    @Test
    void onlyAllowedReactionsPassIgnoringVariationSelector16() {
      Capabilities caps =
          Fixtures.everything().toBuilder().allowedReactions(List.of("❤️", "👍")).build();

      assertThat(mediate(new Reaction(null, null, "$m", "👍", false, 0), caps).decision())
          .isEqualTo(Decision.FORWARD);
      assertThat(mediate(new Reaction(null, null, "$m", "❤", false, 0), caps).decision())
          .isEqualTo(Decision.FORWARD);
      Verdict refused = mediate(new Reaction(null, null, "$m", "🦄", false, 0), caps);
      assertThat(refused.decision()).isEqualTo(Decision.REJECT);
      assertThat(refused.hasNote(NoteCode.REACTION_NOT_ALLOWED)).isTrue();
    }

    @Test
    void omittedAllowedReactionsAllowsEveryEmoji() {
      assertThat(
              mediate(new Reaction(null, null, "$m", "🦄", false, 0), Fixtures.everything())
                  .decision())
          .isEqualTo(Decision.FORWARD);
    }
  }

  @Nested
  final class Polls {
    private final Capabilities caps =
        Fixtures.everything().toBuilder().pollMaxOptions(2).pollOptionMaxLength(5).build();

    @Test
    void pollExactlyAtItsLimitsIsForwarded() {
      assertThat(mediate(new Poll(null, null, "Q?", List.of("12345", "b"), null), caps).decision())
          .isEqualTo(Decision.FORWARD);
    }

    @Test
    void pollWithOneOptionTooManyIsRejected() {
      Verdict verdict = mediate(new Poll(null, null, "Q?", List.of("a", "b", "c"), null), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.hasNote(NoteCode.POLL_TOO_MANY_OPTIONS)).isTrue();
    }

    @Test
    void pollWithAnOptionOneCharacterTooLongIsRejected() {
      Verdict verdict = mediate(new Poll(null, null, "Q?", List.of("a", "123456"), null), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.hasNote(NoteCode.POLL_OPTION_TOO_LONG)).isTrue();
      assertThat(verdict.status().message()).startsWith("Option 2");
    }
  }

  @Nested
  final class DisappearingTimers {
    private final Capabilities caps =
        Fixtures.everything().toBuilder()
            .disappearingTimer(
                new DisappearingTimerCapability(
                    List.of(TimerType.AFTER_SEND), List.of(86_400_000L, 604_800_000L), false))
            .build();

    @Test
    void offeredTimerIsForwarded() {
      assertThat(
              mediate(new DisappearingTimer(null, null, TimerType.AFTER_SEND, 604_800_000L), caps)
                  .decision())
          .isEqualTo(Decision.FORWARD);
    }

    @Test
    void anotherTimerIsRejectedAndNeverReplaced() {
      Verdict verdict =
          mediate(new DisappearingTimer(null, null, TimerType.AFTER_SEND, 3_600_000L), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.hasNote(NoteCode.DISAPPEARING_TIMER_VALUE_UNSUPPORTED)).isTrue();
      assertThat(verdict.status().message()).contains("1 h").contains("1 d, 7 d");
    }

    @Test
    void anotherTimerTypeIsRejected() {
      Verdict verdict =
          mediate(new DisappearingTimer(null, null, TimerType.AFTER_READ, 86_400_000L), caps);

      assertThat(verdict.hasNote(NoteCode.DISAPPEARING_TIMER_TYPE_UNSUPPORTED)).isTrue();
    }

    @Test
    void turningTheTimerOffIsAlwaysAllowedWhereTimersAre() {
      assertThat(mediate(new DisappearingTimer(null, null, null, 0), caps).decision())
          .isEqualTo(Decision.FORWARD);
    }

    @Test
    void emptyTimerListAllowsAnyTimer() {
      assertThat(
              mediate(
                      new DisappearingTimer(null, null, TimerType.AFTER_READ, 12_345L),
                      Fixtures.everything())
                  .decision())
          .isEqualTo(Decision.FORWARD);
    }

    @Test
    void chatWithoutTimersRejects() {
      Capabilities none = Fixtures.everything().toBuilder().disappearingTimer(null).build();

      Verdict verdict =
          mediate(new DisappearingTimer(null, null, TimerType.AFTER_SEND, 86_400_000L), none);

      assertThat(verdict.hasNote(NoteCode.DISAPPEARING_TIMER_UNSUPPORTED)).isTrue();
    }

    @Test
    void documentWithoutStateMapUsesThePresenceOfTimers() {
      Capabilities legacy =
          Capabilities.builder()
              .disappearingTimer(
                  new DisappearingTimerCapability(List.of(TimerType.AFTER_SEND), List.of(), false))
              .build();

      assertThat(
              mediate(new DisappearingTimer(null, null, TimerType.AFTER_SEND, 5_000L), legacy)
                  .decision())
          .isEqualTo(Decision.FORWARD);
      assertThat(
              mediate(
                      new DisappearingTimer(null, null, TimerType.AFTER_SEND, 5_000L),
                      Capabilities.none())
                  .decision())
          .isEqualTo(Decision.REJECT);
    }
  }
}
