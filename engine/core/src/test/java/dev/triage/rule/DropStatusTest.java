package dev.triage.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Action;
import dev.triage.action.Attachment;
import dev.triage.action.Chat;
import dev.triage.action.ChatOperation;
import dev.triage.action.Edit;
import dev.triage.action.Location;
import dev.triage.action.Message;
import dev.triage.action.Poll;
import dev.triage.action.ReadReceipt;
import dev.triage.action.Typing;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.verdict.Decision;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Status;
import dev.triage.verdict.Verdict;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A drop sends nothing. bridgev2 (messagestatus.go) reports SUCCESS only for what reached the
 * network; so a drop that loses what the sender wrote is a permanent failure, and only signals with
 * no content of their own succeed unsent.
 */
final class DropStatusTest {
  private static final Mediator MEDIATOR = Mediator.create(Fixtures.CLOCK);

  static Stream<Arguments> contentDrops() {
    Capabilities base = Fixtures.everything();
    return Stream.of(
        Arguments.of(
            "an edit at -1",
            new Edit(null, null, "$m", Fixtures.NOW, 0, "fixed", null),
            base.toBuilder().edit(Level.DROPPED).build()),
        Arguments.of(
            "a location at -1",
            new Location(null, null, 52.52, 13.405, "Berlin"),
            base.toBuilder().locationMessage(Level.DROPPED).build()),
        Arguments.of(
            "a poll at -1",
            new Poll(null, null, "Lunch?", List.of("Pizza", "Sushi"), null),
            base.toBuilder().poll(Level.DROPPED).build()),
        Arguments.of(
            "a file without caption whose MIME type is at -1",
            Message.file(Attachment.of(Attachment.IMAGE, "image/png")),
            base.toBuilder()
                .file(Attachment.IMAGE, Fixtures.file(Map.of("image/png", Level.DROPPED)))
                .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contentDrops")
  void aDropThatLosesWhatTheSenderWroteFailsPermanently(
      String what, Action action, Capabilities caps) {
    Verdict verdict = MEDIATOR.mediate(action, caps);

    assertThat(verdict.decision()).isEqualTo(Decision.DROP);
    assertThat(verdict.actions()).isEmpty();
    assertThat(verdict.hasNote(NoteCode.ACTION_IGNORED)).isTrue();
    assertThat(verdict.status().status()).isEqualTo(Status.FAIL_PERMANENT);
    assertThat(verdict.status().reason()).isEqualTo("m.event_not_handled");
    assertThat(verdict.status().message()).endsWith("it was not sent.");
  }

  static Stream<Arguments> signalDrops() {
    Capabilities none =
        Fixtures.everything().toBuilder()
            .readReceipts(false)
            .typingNotifications(false)
            .archive(false)
            .markAsUnread(false)
            .build();
    return Stream.of(
            new ReadReceipt(null, null, "$m"),
            new Typing(null, null, true),
            new Chat(null, null, ChatOperation.ARCHIVE),
            new Chat(null, null, ChatOperation.UNARCHIVE),
            new Chat(null, null, ChatOperation.MARK_READ),
            new Chat(null, null, ChatOperation.MARK_UNREAD))
        .map(action -> Arguments.of(action, none));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signalDrops")
  void aDroppedSignalSucceeds(Action action, Capabilities caps) {
    Verdict verdict = MEDIATOR.mediate(action, caps);

    assertThat(verdict.decision()).isEqualTo(Decision.DROP);
    assertThat(verdict.status().status()).isEqualTo(Status.SUCCESS);
    assertThat(verdict.status().reason()).isEqualTo("m.event_not_handled");
  }
}
