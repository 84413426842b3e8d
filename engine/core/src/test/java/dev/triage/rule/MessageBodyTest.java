package dev.triage.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Attachment;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.action.ReplyTo;
import dev.triage.action.TextType;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.verdict.Decision;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Verdict;
import org.junit.jupiter.api.Test;

/** Formatting and splitting as parts of a whole message: captions, edits, replies, ids. */
final class MessageBodyTest {
  private static final Mediator MEDIATOR = Mediator.create(Fixtures.CLOCK);

  @Test
  void htmlWhoseFeaturesAreAtLevelOneIsForwardedWithTheCallersTextAsItsFallback() {
    // A Matrix client's body is often Markdown ("**hi** there") beside formatted_body: level 1 is
    // the network's to convert, so nothing is degraded and the body stays the sender's.
    Capabilities caps = Capabilities.builder().formatting("bold", Level.PARTIAL).build();
    Message message =
        new Message(
            null, null, TextType.TEXT, "**hi** there", "<b>hi</b> there", null, null, null, false);

    Verdict verdict = MEDIATOR.mediate(message, caps);

    assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
    assertThat(verdict.actions()).containsExactly(message);
    assertThat(verdict.notes()).extracting(n -> n.code()).containsExactly(NoteCode.FEATURE_PARTIAL);
  }

  @Test
  void longMessageIsSplitWithTheReplyOnTheFirstPartAndIdsOnTheRest() {
    Capabilities caps = Fixtures.everything().toBuilder().maxTextLength(12).build();
    Message message =
        new Message(
            "tx",
            "!c",
            TextType.TEXT,
            "First part. Second part.",
            null,
            ReplyTo.of("$q"),
            "$root",
            null);

    Verdict verdict = MEDIATOR.mediate(message, caps);

    assertThat(verdict.decision()).isEqualTo(Decision.DEGRADE);
    assertThat(verdict.hasNote(NoteCode.TEXT_SPLIT)).isTrue();
    assertThat(verdict.actions())
        .containsExactly(
            new Message(
                "tx", "!c", TextType.TEXT, "First part.", null, ReplyTo.of("$q"), "$root", null),
            new Message("tx#2", "!c", TextType.TEXT, "Second part.", null, null, "$root", null));
  }

  @Test
  void longHtmlMessageIsSplitIntoWellFormedParts() {
    Capabilities caps = Fixtures.everything().toBuilder().maxTextLength(20).build();
    Message message =
        Message.text("x")
            .withText(
                "One two three.\nFour five six.",
                "<p>One <b>two</b> three.</p><p>Four <i>five</i> six.</p>");

    Verdict verdict = MEDIATOR.mediate(message, caps);

    assertThat(verdict.actions())
        .extracting(a -> ((Message) a).html())
        .containsExactly("<p>One <b>two</b> three.</p>", "<p>Four <i>five</i> six.</p>");
    assertThat(verdict.actions())
        .extracting(a -> ((Message) a).text())
        .containsExactly("One two three.", "Four five six.");
  }

  @Test
  void captionHtmlIsFormattedLikeABody() {
    Capabilities caps = Fixtures.everything().toBuilder().formatting("bold", Level.DROPPED).build();
    Message photo =
        Message.text("x")
            .withText("look here", "<b>look</b> here")
            .withAttachment(Attachment.of(Attachment.IMAGE, "image/png"));

    Message sent = (Message) MEDIATOR.mediate(photo, caps).actions().get(0);

    assertThat(sent.html()).isNull();
    assertThat(sent.text()).isEqualTo("look here");
    assertThat(sent.attachment()).isEqualTo(photo.attachment());
  }

  @Test
  void editHtmlIsFormattedButNeverSplit() {
    Capabilities caps =
        Fixtures.everything().toBuilder()
            .formatting("italic", Level.UNSUPPORTED)
            .maxTextLength(5)
            .build();

    Verdict fits =
        MEDIATOR.mediate(
            new Edit(null, null, "$m", Fixtures.NOW, 0, "fixed", "<i>fixed</i>"), caps);
    Verdict tooLong =
        MEDIATOR.mediate(
            new Edit(null, null, "$m", Fixtures.NOW, 0, "fixed!", "<i>fixed!</i>"), caps);

    assertThat(fits.decision()).isEqualTo(Decision.DEGRADE);
    assertThat(((Edit) fits.actions().get(0)).html()).isNull();
    assertThat(((Edit) fits.actions().get(0)).text()).isEqualTo("fixed");
    assertThat(tooLong.decision()).isEqualTo(Decision.REJECT);
    assertThat(tooLong.hasNote(NoteCode.TEXT_TOO_LONG)).isTrue();
  }

  @Test
  void markdownReplyQuoteEscapesTheQuotedText() {
    Capabilities caps =
        Fixtures.everything().toBuilder()
            .reply(Level.UNSUPPORTED)
            .thread(Level.UNSUPPORTED)
            .build();
    Message reply =
        Message.markdown("**yes**").withReplyTo(new ReplyTo("$q", "Ann", "is 2*3 = 6?"));

    Message sent = (Message) MEDIATOR.mediate(reply, caps).actions().get(0);

    assertThat(sent.markdown()).isTrue();
    assertThat(sent.text()).isEqualTo("> Ann: is 2\\*3 = 6?\n\n**yes**");
  }

  @Test
  void spoilerInAChatWithoutSpoilersIsRejectedNotShown() {
    Capabilities caps =
        Fixtures.everything().toBuilder().formatting("spoiler", Level.UNSUPPORTED).build();

    Verdict verdict =
        MEDIATOR.mediate(
            Message.text("x").withText("secret", "<span data-mx-spoiler>secret</span>"), caps);

    assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
    assertThat(verdict.hasNote(NoteCode.FORMATTING_SPOILER_UNSUPPORTED)).isTrue();
  }

  @Test
  void htmlThatSanitizesToNothingLeavesThePlainText() {
    Message message = Message.text("x").withText("waves", "<script>alert(1)</script>");

    Verdict verdict = MEDIATOR.mediate(message, Fixtures.everything());

    assertThat(verdict.decision()).isEqualTo(Decision.DEGRADE);
    assertThat(verdict.hasNote(NoteCode.FORMATTING_SANITIZED)).isTrue();
    Message sent = (Message) verdict.actions().get(0);
    assertThat(sent.text()).isEqualTo("waves");
    assertThat(sent.html()).isNull();
  }
}
