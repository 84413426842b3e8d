package dev.triage.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Attachment;
import dev.triage.action.Message;
import dev.triage.action.ReplyTo;
import dev.triage.action.TextType;
import dev.triage.capability.Capabilities;
import dev.triage.capability.FileCapability;
import dev.triage.capability.Level;
import dev.triage.verdict.Decision;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Status;
import dev.triage.verdict.Verdict;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What counts as a caption, as bridgev2's portal.go checkMessageContentCaps decides: never a
 * sticker's text (its description), and never a text equal to the file name (MSC2530).
 */
final class CaptionTest {
  private static final Mediator MEDIATOR = Mediator.create(Fixtures.CLOCK);

  private static Capabilities captions(String msgtype, Level caption) {
    return Fixtures.everything().toBuilder()
        .file(
            msgtype,
            new FileCapability(
                Map.of("*/*", Level.FULL), caption, 3, 0, 0, 0, Duration.ZERO, false, Map.of()))
        .build();
  }

  private static Message withText(String text, Attachment attachment) {
    return new Message("tx", null, TextType.TEXT, text, null, null, null, attachment);
  }

  // bridgev2: content.MsgType != event.CapMsgSticker before any caption check.
  @ParameterizedTest(name = "sticker caption at {0}")
  @EnumSource(Level.class)
  void aStickersDescriptionIsNeverCheckedAsACaption(Level caption) {
    Message sticker =
        withText("a cat waving hello", Attachment.of(Attachment.STICKER, "image/webp"));

    Verdict verdict = MEDIATOR.mediate(sticker, captions(Attachment.STICKER, caption));

    assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
    assertThat(verdict.actions()).containsExactly(sticker);
  }

  // bridgev2: content.FileName != "" && content.Body != content.FileName before a caption check.
  @ParameterizedTest(name = "image caption at {0}")
  @EnumSource(Level.class)
  void textEqualToTheFileNameIsNotACaption(Level caption) {
    Message photo =
        withText(
            "cat.png",
            new Attachment(
                Attachment.IMAGE, "image/png", null, null, null, null, "cat.png", null, false));

    Verdict verdict = MEDIATOR.mediate(photo, captions(Attachment.IMAGE, caption));

    assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
    assertThat(verdict.actions()).containsExactly(photo);
  }

  @Test
  void textThatDiffersFromTheFileNameIsACaption() {
    Message photo =
        withText(
            "look",
            new Attachment(
                Attachment.IMAGE, "image/png", null, null, null, null, "cat.png", null, false));

    Verdict verdict = MEDIATOR.mediate(photo, captions(Attachment.IMAGE, Level.REJECTED));

    assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
    assertThat(verdict.hasNote(NoteCode.FEATURE_REJECTED)).isTrue();
  }

  @Test
  void aStickerWhoseTypeIsDroppedIsNotSentAndItsDescriptionNotSentAsText() {
    Capabilities caps =
        Fixtures.everything().toBuilder()
            .file(Attachment.STICKER, Fixtures.file(Map.of("image/webp", Level.DROPPED)))
            .build();

    Verdict verdict =
        MEDIATOR.mediate(withText("a cat", Attachment.of(Attachment.STICKER, "image/webp")), caps);

    assertThat(verdict.decision()).isEqualTo(Decision.DROP);
    assertThat(verdict.status().status()).isEqualTo(Status.FAIL_PERMANENT);
  }

  @Test
  void aFileNamedByItsTextWhoseTypeIsDroppedIsNotSentAsText() {
    Capabilities caps =
        Fixtures.everything().toBuilder()
            .file(Attachment.FILE, Fixtures.file(Map.of("application/pdf", Level.DROPPED)))
            .build();
    Message pdf =
        withText(
            "a.pdf",
            new Attachment(
                Attachment.FILE, "application/pdf", null, null, null, null, "a.pdf", null, false));

    assertThat(MEDIATOR.mediate(pdf, caps).decision()).isEqualTo(Decision.DROP);
  }

  @Test
  void aStickerSentAsAnImageLeavesItsDescriptionBehind() {
    Capabilities caps = Fixtures.everything().toBuilder().removeFile(Attachment.STICKER).build();

    Verdict verdict =
        MEDIATOR.mediate(withText("a cat", Attachment.of(Attachment.STICKER, "image/webp")), caps);

    Message sent = (Message) verdict.actions().get(0);
    assertThat(sent.attachment().msgtype()).isEqualTo(Attachment.IMAGE);
    assertThat(sent.text()).as("not shown as a caption the sender never wrote").isNull();
    assertThat(verdict.hasNote(NoteCode.ATTACHMENT_FALLBACK_MSGTYPE)).isTrue();
  }

  @Test
  void aReplyQuoteOnAFileNamedByItsTextBecomesTheCaption() {
    Capabilities caps =
        Fixtures.everything().toBuilder()
            .reply(Level.UNSUPPORTED)
            .thread(Level.UNSUPPORTED)
            .build();
    Message photo =
        withText(
                "cat.png",
                new Attachment(
                    Attachment.IMAGE, "image/png", null, null, null, null, "cat.png", null, false))
            .withReplyTo(new ReplyTo("$q", "Ann", "pics?"));

    Message sent = (Message) MEDIATOR.mediate(photo, caps).actions().get(0);

    assertThat(sent.text()).isEqualTo("> Ann: pics?");
    assertThat(sent.attachment().fileName()).isEqualTo("cat.png");
  }

  @Test
  void aStickerReplyWithoutRepliesOrThreadsIsSentWithoutTheReply() {
    Capabilities caps =
        Fixtures.everything().toBuilder()
            .reply(Level.UNSUPPORTED)
            .thread(Level.UNSUPPORTED)
            .build();
    Message sticker =
        withText("a cat", Attachment.of(Attachment.STICKER, "image/webp"))
            .withReplyTo(new ReplyTo("$q", "Ann", "pics?"));

    Verdict verdict = MEDIATOR.mediate(sticker, caps);

    assertThat(verdict.actions()).containsExactly(sticker.withReplyTo(null));
    assertThat(verdict.hasNote(NoteCode.REPLY_FALLBACK_PLAIN)).isTrue();
  }
}
