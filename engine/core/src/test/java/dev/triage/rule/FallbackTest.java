package dev.triage.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Attachment;
import dev.triage.action.Edit;
import dev.triage.action.Location;
import dev.triage.action.Message;
import dev.triage.action.Poll;
import dev.triage.action.ReplyTo;
import dev.triage.action.TextType;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.verdict.Decision;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fallbacks of DESIGN that keep an action's meaning when its feature is unsupported. */
final class FallbackTest {
  private static final Mediator MEDIATOR = Mediator.create(Fixtures.CLOCK);

  private static Message only(Verdict verdict) {
    assertThat(verdict.decision()).isEqualTo(Decision.DEGRADE);
    assertThat(verdict.actions()).hasSize(1);
    return (Message) verdict.actions().get(0);
  }

  @Nested
  final class Replies {
    /** Neither replies nor threads: the quote fallback. */
    private final Capabilities noReplies =
        Fixtures.everything().toBuilder()
            .reply(Level.UNSUPPORTED)
            .thread(Level.UNSUPPORTED)
            .build();

    // bridgev2 portal.go handleMatrixMessage: when replies are not Partial() but threads are, the
    // replied-to message becomes the thread root.
    @ParameterizedTest(name = "reply at {0}, thread at {1}")
    @CsvSource({"UNSUPPORTED, FULL", "UNSUPPORTED, PARTIAL", "DROPPED, FULL", "DROPPED, PARTIAL"})
    void replyOnAThreadOnlyNetworkStartsAThreadAtTheRepliedToMessage(Level reply, Level thread) {
      Capabilities caps = Fixtures.everything().toBuilder().reply(reply).thread(thread).build();
      Message message =
          new Message(
              "tx", "!c", null, "yes", null, new ReplyTo("$q", "Ann", "lunch?"), null, null);

      Verdict verdict = MEDIATOR.mediate(message, caps);

      assertThat(only(verdict))
          .isEqualTo(new Message("tx", "!c", null, "yes", null, null, "$q", null));
      assertThat(verdict.notes())
          .extracting(n -> n.code())
          .containsExactlyElementsOf(
              thread == Level.PARTIAL
                  ? List.of(NoteCode.FEATURE_PARTIAL, NoteCode.REPLY_FALLBACK_THREAD)
                  : List.of(NoteCode.REPLY_FALLBACK_THREAD));
      assertThat(verdict.notes().get(verdict.notes().size() - 1).level()).isEqualTo(reply);
    }

    // A deliberate difference: bridgev2 sends without the reply at -2; Triage rejects, as for any
    // feature at -2, threads or not.
    @Test
    void replyAtMinusTwoIsRejectedEvenWhereThreadsWork() {
      Capabilities caps = Fixtures.everything().toBuilder().reply(Level.REJECTED).build();

      Verdict verdict = MEDIATOR.mediate(Message.text("yes").withReplyTo(ReplyTo.of("$q")), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
    }

    @Test
    void replyInsideAThreadStaysInItAndQuotesTheOriginal() {
      Capabilities caps = Fixtures.everything().toBuilder().reply(Level.UNSUPPORTED).build();
      Message message =
          Message.text("yes").withThreadRoot("$root").withReplyTo(new ReplyTo("$q", "Ann", "hm?"));

      Message sent = only(MEDIATOR.mediate(message, caps));

      assertThat(sent.threadRoot()).isEqualTo("$root");
      assertThat(sent.replyTo()).isNull();
      assertThat(sent.text()).isEqualTo("> Ann: hm?\n\nyes");
    }

    @Test
    void replyAtZeroQuotesTheOriginalAboveTheText() {
      Message reply =
          Message.text("yes, at noon").withReplyTo(new ReplyTo("$q", "Ann", "lunch?\nor later?"));

      Verdict verdict = MEDIATOR.mediate(reply, noReplies);

      Message sent = only(verdict);
      assertThat(sent.text()).isEqualTo("> Ann: lunch?\n> or later?\n\nyes, at noon");
      assertThat(sent.replyTo()).isNull();
      assertThat(verdict.hasNote(NoteCode.REPLY_FALLBACK_QUOTE)).isTrue();
    }

    @Test
    void quoteInHtmlIsEscapedAndPrecedesTheBody() {
      Message reply =
          Message.text("yes")
              .withText("yes", "<b>yes</b>")
              .withReplyTo(new ReplyTo("$q", "A<n>", "1 < 2"));

      Message sent = only(MEDIATOR.mediate(reply, noReplies));

      assertThat(sent.html())
          .isEqualTo("<blockquote><b>A&lt;n&gt;</b>: 1 &lt; 2</blockquote><b>yes</b>");
      assertThat(sent.text()).isEqualTo("> A<n>: 1 < 2\n\nyes");
    }

    @Test
    void replyAtZeroWithoutOriginalTextIsSentPlainWithANote() {
      Verdict verdict =
          MEDIATOR.mediate(Message.text("yes").withReplyTo(ReplyTo.of("$q")), noReplies);

      Message sent = only(verdict);
      assertThat(sent).isEqualTo(Message.text("yes"));
      assertThat(verdict.hasNote(NoteCode.REPLY_FALLBACK_PLAIN)).isTrue();
    }
  }

  @Nested
  final class Threads {
    @Test
    void threadAtZeroBecomesAReplyToTheRoot() {
      Capabilities caps = Fixtures.everything().toBuilder().thread(Level.UNSUPPORTED).build();

      Message sent = only(MEDIATOR.mediate(Message.text("hi").withThreadRoot("$root"), caps));

      assertThat(sent.threadRoot()).isNull();
      assertThat(sent.replyTo()).isEqualTo(ReplyTo.of("$root"));
    }

    @Test
    void threadAtZeroThenReplyAtZeroFollowsTheReplyRule() {
      Capabilities caps =
          Fixtures.everything().toBuilder()
              .thread(Level.UNSUPPORTED)
              .reply(Level.UNSUPPORTED)
              .build();

      Verdict verdict = MEDIATOR.mediate(Message.text("hi").withThreadRoot("$root"), caps);

      assertThat(only(verdict)).isEqualTo(Message.text("hi"));
      assertThat(verdict.notes())
          .extracting(n -> n.code())
          .containsExactly(NoteCode.THREAD_FALLBACK_REPLY, NoteCode.REPLY_FALLBACK_PLAIN);
    }

    // Threads at 0 become a reply to the root; replies at 0 need threads to become one, so the two
    // fallbacks never loop: the reply rule then quotes, or sends plain.
    @Test
    void threadAtZeroBecomesAReplyWhichNeverTurnsBackIntoAThread() {
      Capabilities caps =
          Fixtures.everything().toBuilder()
              .thread(Level.UNSUPPORTED)
              .reply(Level.UNSUPPORTED)
              .build();

      Verdict verdict = MEDIATOR.mediate(Message.text("hi").withThreadRoot("$root"), caps);

      assertThat(only(verdict).threadRoot()).isNull();
      assertThat(verdict.hasNote(NoteCode.REPLY_FALLBACK_THREAD)).isFalse();
    }

    @Test
    void threadedReplyKeepsItsOwnReplyTarget() {
      Capabilities caps = Fixtures.everything().toBuilder().thread(Level.UNSUPPORTED).build();
      Message message =
          Message.text("hi").withThreadRoot("$root").withReplyTo(ReplyTo.of("$inThread"));

      assertThat(only(MEDIATOR.mediate(message, caps)).replyTo())
          .isEqualTo(ReplyTo.of("$inThread"));
    }
  }

  @Test
  void editAtZeroIsSentAsANewMessageStartingWithAStar() {
    Capabilities caps = Fixtures.everything().toBuilder().edit(Level.UNSUPPORTED).build();
    Edit edit = new Edit("tx", "!c", "$m", null, null, "fixed", "<i>fixed</i>");

    Verdict verdict = MEDIATOR.mediate(edit, caps);

    assertThat(only(verdict))
        .isEqualTo(
            new Message("tx", "!c", TextType.TEXT, "* fixed", "* <i>fixed</i>", null, null, null));
    assertThat(verdict.notes())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.code().code()).isEqualTo("edit.fallback_new_message");
              assertThat(n.capability()).isEqualTo("edit");
              assertThat(n.level()).isEqualTo(Level.UNSUPPORTED);
              assertThat(n.message())
                  .isEqualTo("Edits are not supported here; sent as a new message.");
            });
  }

  @Test
  void pollAtZeroIsTextWithNumberedOptions() {
    Capabilities caps = Fixtures.everything().toBuilder().poll(Level.UNSUPPORTED).build();

    Verdict verdict =
        MEDIATOR.mediate(new Poll("p", null, "Lunch?", List.of("Pizza", "Sushi"), null), caps);

    assertThat(only(verdict).text()).isEqualTo("Lunch?\n1. Pizza\n2. Sushi");
    assertThat(only(verdict).id()).isEqualTo("p");
    assertThat(verdict.hasNote(NoteCode.POLL_FALLBACK_TEXT)).isTrue();
  }

  @Test
  void locationAtZeroIsTextWithAGeoUri() {
    Capabilities caps =
        Fixtures.everything().toBuilder().locationMessage(Level.UNSUPPORTED).build();

    assertThat(
            only(MEDIATOR.mediate(new Location(null, null, 52.52, 13.405, "Berlin"), caps)).text())
        .isEqualTo("Berlin\ngeo:52.52,13.405");
    assertThat(only(MEDIATOR.mediate(new Location(null, null, -33.0, 151.0, null), caps)).text())
        .isEqualTo("geo:-33,151");
  }

  @Nested
  final class Attachments {
    @Test
    void captionAtZeroIsSentAfterTheFileAsItsOwnMessage() {
      Capabilities caps =
          Fixtures.everything().toBuilder()
              .file(
                  Attachment.IMAGE,
                  new dev.triage.capability.FileCapability(
                      Map.of("*/*", Level.FULL),
                      Level.UNSUPPORTED,
                      0,
                      0,
                      0,
                      0,
                      java.time.Duration.ZERO,
                      false,
                      Map.of()))
              .build();
      Message photo =
          new Message(
              "tx",
              "!c",
              null,
              "look",
              null,
              ReplyTo.of("$q"),
              null,
              Attachment.of(Attachment.IMAGE, "image/png"));

      Verdict verdict = MEDIATOR.mediate(photo, caps);

      assertThat(verdict.decision()).isEqualTo(Decision.DEGRADE);
      assertThat(verdict.actions())
          .containsExactly(
              new Message(
                  "tx",
                  "!c",
                  TextType.TEXT,
                  null,
                  null,
                  ReplyTo.of("$q"),
                  null,
                  photo.attachment()),
              new Message("tx#2", "!c", TextType.TEXT, "look", null, null, null, null));
      assertThat(verdict.hasNote(NoteCode.CAPTION_FALLBACK_SEPARATE_MESSAGE)).isTrue();
    }

    @Test
    void voiceFallsBackToAudioWhereAudioAcceptsTheType() {
      Capabilities caps =
          Fixtures.everything().toBuilder()
              .removeFile(Attachment.VOICE)
              .file(Attachment.AUDIO, Fixtures.file(Map.of("audio/ogg", Level.FULL)))
              .build();

      Verdict verdict = MEDIATOR.mediate(file(Attachment.VOICE, "audio/ogg"), caps);

      assertThat(only(verdict).attachment().msgtype()).isEqualTo(Attachment.AUDIO);
      assertThat(verdict.hasNote(NoteCode.ATTACHMENT_FALLBACK_MSGTYPE)).isTrue();
    }

    @Test
    void stickerFallsBackToImage() {
      Capabilities caps = Fixtures.everything().toBuilder().removeFile(Attachment.STICKER).build();

      assertThat(
              only(MEDIATOR.mediate(file(Attachment.STICKER, "image/webp"), caps))
                  .attachment()
                  .msgtype())
          .isEqualTo(Attachment.IMAGE);
    }

    @Test
    void gifPrefersVideoThenImageByWhatAcceptsTheType() {
      Capabilities caps =
          Fixtures.everything().toBuilder()
              .removeFile(Attachment.GIF)
              .file(Attachment.VIDEO, Fixtures.file(Map.of("video/mp4", Level.FULL)))
              .file(Attachment.IMAGE, Fixtures.file(Map.of("image/gif", Level.FULL)))
              .build();

      assertThat(
              only(MEDIATOR.mediate(file(Attachment.GIF, "video/mp4"), caps))
                  .attachment()
                  .msgtype())
          .isEqualTo(Attachment.VIDEO);
      assertThat(
              only(MEDIATOR.mediate(file(Attachment.GIF, "image/gif"), caps))
                  .attachment()
                  .msgtype())
          .isEqualTo(Attachment.IMAGE);
    }

    @Test
    void pseudoMsgtypeWithoutABaseThatAcceptsTheTypeIsRejected() {
      Capabilities caps =
          Fixtures.everything().toBuilder()
              .removeFile(Attachment.VOICE)
              .file(Attachment.AUDIO, Fixtures.file(Map.of("audio/mpeg", Level.FULL)))
              .build();

      Verdict verdict = MEDIATOR.mediate(file(Attachment.VOICE, "audio/ogg"), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.hasNote(NoteCode.ATTACHMENT_MSGTYPE_UNSUPPORTED)).isTrue();
    }

    @Test
    void missingBaseMsgtypeIsRejected() {
      Capabilities caps = Fixtures.everything().toBuilder().removeFile(Attachment.FILE).build();

      Verdict verdict = MEDIATOR.mediate(file(Attachment.FILE, "application/pdf"), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.status().message()).isEqualTo("Files are not supported here.");
    }

    @Test
    void mimeTypeAtZeroIsSentAsAFileWhereFileAcceptsIt() {
      Capabilities caps =
          Fixtures.everything().toBuilder()
              .file(Attachment.IMAGE, Fixtures.file(Map.of("image/heic", Level.UNSUPPORTED)))
              .build();

      Verdict verdict = MEDIATOR.mediate(file(Attachment.IMAGE, "image/heic"), caps);

      assertThat(only(verdict).attachment().msgtype()).isEqualTo(Attachment.FILE);
      assertThat(verdict.hasNote(NoteCode.ATTACHMENT_FALLBACK_FILE)).isTrue();
    }

    @Test
    void mimeTypeAtZeroIsRejectedWhereFileDoesNotAcceptItEither() {
      Capabilities caps =
          Fixtures.everything().toBuilder()
              .file(Attachment.IMAGE, Fixtures.file(Map.of("image/heic", Level.UNSUPPORTED)))
              .file(Attachment.FILE, Fixtures.file(Map.of("application/*", Level.FULL)))
              .build();

      Verdict verdict = MEDIATOR.mediate(file(Attachment.IMAGE, "image/heic"), caps);

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.hasNote(NoteCode.ATTACHMENT_MIME_UNSUPPORTED)).isTrue();
    }

    @Test
    void fallbackTargetsLimitsApply() {
      Capabilities caps =
          Fixtures.everything().toBuilder()
              .file(Attachment.IMAGE, Fixtures.file(Map.of("image/heic", Level.UNSUPPORTED)))
              .file(
                  Attachment.FILE,
                  new dev.triage.capability.FileCapability(
                      Map.of("*/*", Level.FULL),
                      Level.FULL,
                      0,
                      10,
                      0,
                      0,
                      java.time.Duration.ZERO,
                      false,
                      Map.of()))
              .build();
      Message big =
          Message.file(
              new Attachment(
                  Attachment.IMAGE, "image/heic", 11L, null, null, null, null, null, false));

      Verdict verdict = MEDIATOR.mediate(big, caps);

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.notes().get(verdict.notes().size() - 1).capability())
          .isEqualTo("file.m.file.max_size");
    }

    @Test
    void droppedMimeTypeSendsTheCaptionAlone() {
      Capabilities caps =
          Fixtures.everything().toBuilder()
              .file(Attachment.IMAGE, Fixtures.file(Map.of("image/png", Level.DROPPED)))
              .build();
      Message photo =
          Message.text("look").withAttachment(Attachment.of(Attachment.IMAGE, "image/png"));

      assertThat(only(MEDIATOR.mediate(photo, caps))).isEqualTo(Message.text("look"));
    }

    @Test
    void viewOnceIsNeverSentAsALastingFileByAFallback() {
      Capabilities caps =
          Fixtures.everything().toBuilder()
              .file(Attachment.IMAGE, Fixtures.file(Map.of("image/heic", Level.UNSUPPORTED)))
              .build();
      Message once =
          Message.file(
              new Attachment(
                  Attachment.IMAGE, "image/heic", 1L, null, null, null, null, null, true));

      Verdict verdict = MEDIATOR.mediate(once, caps);

      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.hasNote(NoteCode.ATTACHMENT_VIEW_ONCE_UNSUPPORTED)).isTrue();
    }

    private Message file(String msgtype, String mime) {
      return Message.file(Attachment.of(msgtype, mime));
    }
  }
}
