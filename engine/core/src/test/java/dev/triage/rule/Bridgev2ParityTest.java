package dev.triage.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Action;
import dev.triage.action.Attachment;
import dev.triage.action.DisappearingTimer;
import dev.triage.action.Edit;
import dev.triage.action.EditTarget;
import dev.triage.action.Message;
import dev.triage.action.State;
import dev.triage.action.TextType;
import dev.triage.capability.Capabilities;
import dev.triage.capability.DisappearingTimerCapability;
import dev.triage.capability.FileCapability;
import dev.triage.capability.Level;
import dev.triage.capability.StateField;
import dev.triage.capability.TimerType;
import dev.triage.verdict.Decision;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Status;
import dev.triage.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What bridgev2 models and Triage now does too: each case names the bridgev2 code it follows. */
final class Bridgev2ParityTest {
  private static final Mediator MEDIATOR = Mediator.create(Fixtures.CLOCK);

  private static Verdict mediate(Action action, Capabilities caps) {
    return MEDIATOR.mediate(action, caps);
  }

  private static Edit fileEdit(String text, Attachment attachment) {
    return new Edit("tx", "!c", "$m", Fixtures.NOW, 0, text, null, attachment, EditTarget.MESSAGE);
  }

  private static Capabilities image(Map<String, Level> mimes, Level caption, int maxCaption) {
    return Fixtures.everything().toBuilder()
        .file(
            Attachment.IMAGE,
            new FileCapability(
                mimes, caption, maxCaption, 100, 0, 0, Duration.ZERO, false, Map.of()))
        .build();
  }

  /** bridgev2 portal.go handleMatrixEdit runs checkMessageContentCaps on the new content. */
  @Nested
  final class EditsOfFiles {
    private final Attachment png =
        new Attachment(Attachment.IMAGE, "image/png", 10L, null, null, null, "b.png", null, false);

    @Test
    void anEditReplacingAFileWithinTheRulesIsForwarded() {
      Edit edit = fileEdit("new look", png);

      Verdict verdict = mediate(edit, image(Map.of("image/png", Level.FULL), Level.FULL, 0));

      assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
      assertThat(verdict.actions()).containsExactly(edit);
    }

    @Test
    void anEditWhoseFileIsTooLargeIsRejectedLikeANewMessage() {
      Edit edit =
          fileEdit(
              null,
              new Attachment(
                  Attachment.IMAGE, "image/png", 101L, null, null, null, null, null, false));

      Verdict verdict = mediate(edit, image(Map.of("image/png", Level.FULL), Level.FULL, 0));

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.hasNote(NoteCode.ATTACHMENT_TOO_LARGE)).isTrue();
    }

    @Test
    void anEditWhoseMimeTypeIsRejectedIsRejected() {
      Verdict verdict =
          mediate(fileEdit(null, png), image(Map.of("image/jpeg", Level.FULL), Level.FULL, 0));

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.hasNote(NoteCode.ATTACHMENT_MIME_REJECTED)).isTrue();
    }

    @Test
    void anEditsFileFallsBackToMFileLikeANewMessagesFile() {
      Verdict verdict =
          mediate(
              fileEdit(null, png), image(Map.of("image/png", Level.UNSUPPORTED), Level.FULL, 0));

      assertThat(verdict.decision()).isEqualTo(Decision.DEGRADE);
      assertThat(((Edit) verdict.actions().get(0)).attachment().msgtype())
          .isEqualTo(Attachment.FILE);
    }

    @Test
    void anEditsFileWithoutCaptionAtMinusOneIsDroppedAndFails() {
      Verdict verdict =
          mediate(fileEdit(null, png), image(Map.of("image/png", Level.DROPPED), Level.FULL, 0));

      assertThat(verdict.decision()).isEqualTo(Decision.DROP);
      assertThat(verdict.status().status()).isEqualTo(Status.FAIL_PERMANENT);
    }

    @Test
    void anEditsFileAtMinusOneWithACaptionEditsTheCaptionAlone() {
      Verdict verdict =
          mediate(
              fileEdit("new look", png), image(Map.of("image/png", Level.DROPPED), Level.FULL, 0));

      assertThat(verdict.decision()).isEqualTo(Decision.DEGRADE);
      Edit sent = (Edit) verdict.actions().get(0);
      assertThat(sent.attachment()).isNull();
      assertThat(sent.text()).isEqualTo("new look");
      assertThat(verdict.hasNote(NoteCode.FEATURE_STRIPPED)).isTrue();
    }

    // bridgev2 checkMessageContentCaps: Caption.Reject() refuses a caption.
    @Test
    void anEditsCaptionAtMinusTwoIsRejected() {
      Verdict verdict =
          mediate(
              fileEdit("new look", png), image(Map.of("image/png", Level.FULL), Level.REJECTED, 0));

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.hasNote(NoteCode.FEATURE_REJECTED)).isTrue();
    }

    // A new message sends such a caption after the file; one edit cannot become two messages.
    @Test
    void anEditsCaptionThatCannotGoOnTheFileIsRejected() {
      Verdict unsupported =
          mediate(
              fileEdit("new look", png),
              image(Map.of("image/png", Level.FULL), Level.UNSUPPORTED, 0));
      Verdict tooLong =
          mediate(fileEdit("new look", png), image(Map.of("image/png", Level.FULL), Level.FULL, 3));

      assertThat(unsupported.decision()).isEqualTo(Decision.REJECT);
      assertThat(unsupported.hasNote(NoteCode.EDIT_CAPTION_UNSUPPORTED)).isTrue();
      assertThat(tooLong.decision()).isEqualTo(Decision.REJECT);
      assertThat(tooLong.hasNote(NoteCode.EDIT_CAPTION_UNSUPPORTED)).isTrue();
    }

    @Test
    void anEditsCaptionAtMinusOneIsRemovedAndTheFileEdited() {
      Verdict verdict =
          mediate(
              fileEdit("new look", png), image(Map.of("image/png", Level.FULL), Level.DROPPED, 0));

      Edit sent = (Edit) verdict.actions().get(0);
      assertThat(verdict.decision()).isEqualTo(Decision.DEGRADE);
      assertThat(sent.text()).isNull();
      assertThat(sent.attachment()).isEqualTo(png);
    }

    @Test
    void anEditsTextEqualToTheFileNameIsNoCaption() {
      Edit edit = fileEdit("b.png", png);

      Verdict verdict = mediate(edit, image(Map.of("image/png", Level.FULL), Level.REJECTED, 0));

      assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
    }

    @Test
    void aFileEditAtEditLevelZeroIsANewMessageWithTheMarkedCaption() {
      Capabilities caps =
          image(Map.of("image/png", Level.FULL), Level.FULL, 0).toBuilder()
              .edit(Level.UNSUPPORTED)
              .build();

      Verdict verdict = mediate(fileEdit("new look", png), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.DEGRADE);
      assertThat(verdict.actions())
          .containsExactly(
              new Message("tx", "!c", TextType.TEXT, "* new look", null, null, null, png));
    }
  }

  // bridgev2 portal.go handleMatrixMessage: an m.replace of a poll start event is refused.
  @ParameterizedTest(name = "edit at {0}")
  @EnumSource(Level.class)
  void anEditOfAPollIsRejectedWhateverTheEditLevel(Level level) {
    Edit edit =
        new Edit(null, null, "$poll", Fixtures.NOW, 0, "Lunch?", null, null, EditTarget.POLL);

    Verdict verdict = mediate(edit, Fixtures.everything().toBuilder().edit(level).build());

    assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
    assertThat(verdict.hasNote(NoteCode.EDIT_POLL_UNSUPPORTED)).isTrue();
    assertThat(verdict.status().reason()).isEqualTo("com.beeper.unsupported_event");
  }

  /** bridgev2 reads com.beeper.disappearing_timer with no type or a zero timer as off. */
  @Nested
  final class DisappearingTimers {
    private final Capabilities caps =
        Fixtures.everything().toBuilder()
            .disappearingTimer(
                new DisappearingTimerCapability(
                    List.of(TimerType.AFTER_SEND), List.of(86_400_000L), false))
            .build();

    @Test
    void aTimerWithoutATypeTurnsItOff() {
      DisappearingTimer untyped = new DisappearingTimer(null, null, null, 3_600_000L);

      Verdict verdict = mediate(untyped, caps);

      assertThat(untyped.turnsOff()).isTrue();
      assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
      assertThat(verdict.actions()).containsExactly(new DisappearingTimer(null, null, null, 0));
    }

    @Test
    void aZeroTimerOfATypeTheChatLacksStillTurnsItOff() {
      Verdict verdict = mediate(new DisappearingTimer(null, null, TimerType.AFTER_READ, 0), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
    }
  }

  // bridgev2 portal.go handleMatrixRoomMeta: a name, topic or avatar equal to the portal's own is
  // answered with sendSuccessStatus and not sent to the network.
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = StateField.class,
      names = {"TITLE", "DESCRIPTION", "AVATAR"})
  void aStateChangeToTheCurrentValueIsANoOpThatSucceeds(StateField field) {
    Capabilities caps = Fixtures.everything().toBuilder().state(field, Level.FULL).build();

    Verdict same = mediate(new State(null, null, field, "Team", "Team"), caps);
    Verdict other = mediate(new State(null, null, field, "Team", "Old"), caps);

    assertThat(same.decision()).isEqualTo(Decision.DROP);
    assertThat(same.status().status()).isEqualTo(Status.SUCCESS);
    assertThat(same.hasNote(NoteCode.STATE_UNCHANGED)).isTrue();
    assertThat(other.decision()).isEqualTo(Decision.FORWARD);
  }

  /** bridgev2: sending into a pending message request needs MessageRequest.AcceptWithMessage. */
  @Nested
  final class MessageRequests {
    private final Message hello = Message.text("hello?").withPendingRequest(true);

    @ParameterizedTest(name = "accept_with_message at {0}")
    @EnumSource(
        value = Level.class,
        names = {"UNSUPPORTED", "DROPPED", "REJECTED"})
    void aMessageIntoAPendingRequestIsRejectedWhereReplyingCannotAcceptIt(Level level) {
      Capabilities caps = Fixtures.everything().toBuilder().acceptRequestWithMessage(level).build();

      Verdict verdict = mediate(hello, caps);

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.notes())
          .singleElement()
          .satisfies(
              note -> {
                assertThat(note.code()).isEqualTo(NoteCode.MESSAGE_REQUEST_PENDING);
                assertThat(note.capability()).isEqualTo("message_request.accept_with_message");
                assertThat(note.message()).contains("accept the request first");
              });
    }

    @ParameterizedTest(name = "accept_with_message at {0}")
    @EnumSource(
        value = Level.class,
        names = {"FULL", "PARTIAL"})
    void aMessageIntoAPendingRequestIsSentWhereReplyingAcceptsIt(Level level) {
      Capabilities caps = Fixtures.everything().toBuilder().acceptRequestWithMessage(level).build();

      Verdict verdict = mediate(hello, caps);

      assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
      assertThat(verdict.actions()).containsExactly(hello);
      assertThat(verdict.hasNote(NoteCode.FEATURE_PARTIAL)).isEqualTo(level == Level.PARTIAL);
    }

    @Test
    void withoutAPendingRequestAcceptWithMessageIsNotConsulted() {
      Capabilities caps =
          Fixtures.everything().toBuilder().acceptRequestWithMessage(Level.REJECTED).build();

      assertThat(mediate(Message.text("hello?"), caps).decision()).isEqualTo(Decision.FORWARD);
    }
  }
}
