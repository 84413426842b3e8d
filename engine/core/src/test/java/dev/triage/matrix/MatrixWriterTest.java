package dev.triage.matrix;

import static dev.triage.matrix.MatrixTesting.event;
import static dev.triage.matrix.MatrixTesting.everything;
import static dev.triage.matrix.MatrixTesting.file;
import static dev.triage.matrix.MatrixTesting.json;
import static dev.triage.matrix.MatrixTesting.mediate;
import static dev.triage.matrix.MatrixTesting.state;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Attachment;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.format.FormattingFeature;
import dev.triage.json.TriageJson;
import dev.triage.verdict.Decision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verdicts written back as Matrix: each degrade's content, the send status and the notice. */
final class MatrixWriterTest {
  private static final String HTML_BOLD =
      "{\"msgtype\":\"m.text\",\"body\":\"hi there\",\"format\":\"org.matrix.custom.html\","
          + "\"formatted_body\":\"<b>hi</b> there\",\"m.mentions\":{\"user_ids\":[\"@bob:x\"]},"
          + "\"com.beeper.per_message_profile\":{\"id\":\"p\"}}";

  private static Capabilities with(java.util.function.UnaryOperator<Capabilities.Builder> change) {
    return change.apply(everything().toBuilder()).build();
  }

  private static List<String> contents(MatrixAnswer answer) {
    return answer.events().stream().map(e -> json(e.toJson())).toList();
  }

  private static ObjectNode only(MatrixAnswer answer) {
    assertThat(answer.events()).hasSize(1);
    return answer.events().get(0).content();
  }

  // --- forward ------------------------------------------------------------------------------

  @Test
  void aForwardIsTheOriginalContentUntouched() {
    ObjectNode event = event("m.room.message", HTML_BOLD);
    MatrixAnswer answer = mediate(event, everything());
    assertThat(answer.decision()).isEqualTo(Decision.FORWARD);
    assertThat(answer.events()).hasSize(1);
    assertThat(answer.events().get(0).type()).isEqualTo("m.room.message");
    assertThat(answer.events().get(0).content()).isEqualTo(event.get("content"));
    assertThat(json(answer.events().get(0).content())).isEqualTo(json(event.get("content")));
    assertThat(answer.status()).isNull();
    assertThat(answer.notice()).isNull();
  }

  @Test
  void aForwardOfAStateEventOrRedactionKeepsItsStateKeyOrTarget() {
    OutgoingEvent name =
        mediate(state("m.room.name", "{\"name\":\"n\"}"), everything()).events().get(0);
    assertThat(name.stateKey()).isEmpty();
    ObjectNode redaction = event("m.room.redaction", "{\"redacts\":\"$m\"}");
    redaction.put("redacts", "$m");
    OutgoingEvent out = mediate(redaction, everything()).events().get(0);
    assertThat(out.redacts()).isEqualTo("$m");
    assertThat(json(out.toJson()))
        .isEqualTo(
            "{\"type\":\"m.room.redaction\",\"redacts\":\"$m\",\"content\":{\"redacts\":\"$m\"}}");
  }

  // --- formatting ---------------------------------------------------------------------------

  @Test
  void aFormattingFallbackRewritesBodyAndHtmlAndKeepsWhatTriageDoesNotRead() {
    MatrixAnswer answer =
        mediate(
            event("m.room.message", HTML_BOLD),
            with(b -> b.formatting(FormattingFeature.BOLD.key(), Level.UNSUPPORTED)));
    assertThat(answer.decision()).isEqualTo(Decision.DEGRADE);
    ObjectNode content = only(answer);
    assertThat(content.has("format")).isFalse();
    assertThat(content.has("formatted_body")).isFalse();
    assertThat(content.get("body").asText()).isEqualTo("hi there");
    assertThat(content.get("m.mentions"))
        .isEqualTo(TriageJson.parse("{\"user_ids\":[\"@bob:x\"]}"));
    assertThat(content.has("com.beeper.per_message_profile")).isTrue();
    assertThat(content.get("msgtype").asText()).isEqualTo("m.text");
  }

  // --- long text ------------------------------------------------------------------------------

  @Test
  void aLongTextIsSplitAndLaterPartsKeepOnlyMsgtypeTextAndThread() {
    ObjectNode event =
        event(
            "m.room.message",
            "{\"msgtype\":\"m.emote\",\"body\":\"one two three four five six\","
                + "\"m.mentions\":{},\"com.beeper.x\":1,\"m.relates_to\":{\"rel_type\":\"m.thread\","
                + "\"event_id\":\"$root\",\"is_falling_back\":true,\"m.in_reply_to\":{\"event_id\":\"$root\"}}}");
    MatrixAnswer answer = mediate(event, with(b -> b.maxTextLength(10)));
    assertThat(answer.events()).hasSizeGreaterThan(2);
    ObjectNode first = answer.events().get(0).content();
    assertThat(first.has("com.beeper.x")).isTrue();
    assertThat(first.get("m.relates_to")).isEqualTo(event.at("/content/m.relates_to"));
    for (OutgoingEvent later : answer.events().subList(1, answer.events().size())) {
      assertThat(later.type()).isEqualTo("m.room.message");
      assertThat(later.content().fieldNames())
          .toIterable()
          .containsExactly("msgtype", "body", "m.relates_to");
      assertThat(later.content().get("msgtype").asText()).isEqualTo("m.emote");
      assertThat(json(later.content().get("m.relates_to")))
          .isEqualTo(
              "{\"rel_type\":\"m.thread\",\"event_id\":\"$root\",\"is_falling_back\":true,"
                  + "\"m.in_reply_to\":{\"event_id\":\"$root\"}}");
    }
    StringBuilder text = new StringBuilder();
    answer.events().forEach(e -> text.append(e.content().get("body").asText()).append(' '));
    assertThat(text.toString().replaceAll("\\s+", " ").trim())
        .isEqualTo("one two three four five six");
  }

  @Test
  void laterPartsOutsideAThreadHaveNoRelation() {
    MatrixAnswer answer =
        mediate(
            event(
                "m.room.message",
                "{\"msgtype\":\"m.text\",\"body\":\"one two three four\",\"m.relates_to\":"
                    + "{\"m.in_reply_to\":{\"event_id\":\"$q\"}}}"),
            with(b -> b.maxTextLength(9)));
    assertThat(answer.events().get(0).content().has("m.relates_to")).isTrue();
    assertThat(answer.events().get(1).content().has("m.relates_to")).isFalse();
  }

  // --- replies and threads ------------------------------------------------------------------

  @Test
  void aReplyWhereOnlyThreadsExistStartsAThreadAtTheTarget() {
    MatrixAnswer answer =
        mediate(
            event(
                "m.room.message",
                "{\"msgtype\":\"m.text\",\"body\":\"yes\",\"m.relates_to\":{\"m.in_reply_to\":"
                    + "{\"event_id\":\"$q\"}}}"),
            with(b -> b.reply(Level.UNSUPPORTED)));
    assertThat(json(only(answer)))
        .isEqualTo(
            "{\"msgtype\":\"m.text\",\"body\":\"yes\",\"m.relates_to\":{\"rel_type\":\"m.thread\","
                + "\"event_id\":\"$q\",\"is_falling_back\":true,\"m.in_reply_to\":{\"event_id\":\"$q\"}}}");
  }

  @Test
  void aReplyWithoutRepliesOrThreadsQuotesTheOriginalAndLosesItsRelation() {
    MatrixAnswer answer =
        mediate(
            MatrixFixtures.event("reply_with_fallback"),
            RelatedEvents.of(
                Map.of(
                    MatrixFixtures.event("reply_with_fallback")
                        .at("/content/m.relates_to/m.in_reply_to/event_id")
                        .asText(),
                    MatrixFixtures.event("text_with_bundled_relations"))),
            with(b -> b.reply(Level.UNSUPPORTED).thread(Level.UNSUPPORTED)));
    ObjectNode content = only(answer);
    assertThat(content.has("m.relates_to")).isFalse();
    assertThat(content.get("body").asText())
        .isEqualTo("> @carol:triage.test: hello from Triage's fixtures\n\na reply with fallback");
    assertThat(content.get("formatted_body").asText())
        .startsWith("<blockquote>")
        .doesNotContain("mx-reply");
  }

  @Test
  void aReplyWhoseRelationGoesLosesItsFallbackQuoteToo() {
    MatrixAnswer answer =
        mediate(
            MatrixFixtures.event("reply_with_fallback"),
            with(b -> b.reply(Level.UNSUPPORTED).thread(Level.UNSUPPORTED)));
    assertThat(answer.notes()).extracting(n -> n.code().code()).contains("reply.fallback_plain");
    ObjectNode content = only(answer);
    assertThat(content.has("m.relates_to")).isFalse();
    assertThat(content.get("body").asText()).isEqualTo("a reply with fallback");
    assertThat(content.get("formatted_body").asText()).isEqualTo("a reply with fallback");
  }

  @Test
  void aReplyMovedIntoAThreadIsWrittenWithoutItsFallbackQuote() {
    MatrixAnswer answer =
        mediate(MatrixFixtures.event("reply_with_fallback"), with(b -> b.reply(Level.UNSUPPORTED)));
    assertThat(only(answer).get("body").asText()).isEqualTo("a reply with fallback");
    assertThat(only(answer).at("/m.relates_to/rel_type").asText()).isEqualTo("m.thread");
  }

  @Test
  void aReplyKeptWithItsRelationKeepsItsFallbackAsSent() {
    ObjectNode event = MatrixFixtures.event("reply_with_fallback");
    MatrixAnswer answer =
        mediate(event, with(b -> b.formatting(FormattingFeature.INLINE_LINK.key(), Level.DROPPED)));
    assertThat(answer.decision()).isEqualTo(Decision.FORWARD);
    assertThat(only(answer)).isEqualTo(event.get("content"));
  }

  @Test
  void aThreadWithoutThreadsRepliesToTheRoot() {
    MatrixAnswer answer =
        mediate(MatrixFixtures.event("thread"), with(b -> b.thread(Level.UNSUPPORTED)));
    String root = MatrixFixtures.event("thread").at("/content/m.relates_to/event_id").asText();
    assertThat(json(only(answer).get("m.relates_to")))
        .isEqualTo("{\"m.in_reply_to\":{\"event_id\":\"" + root + "\"}}");
  }

  @Test
  void aStrippedReplyLosesItsRelationOnly() {
    ObjectNode event = MatrixFixtures.event("reply");
    MatrixAnswer answer =
        mediate(event, with(b -> b.reply(Level.DROPPED).thread(Level.UNSUPPORTED)));
    ObjectNode expected = ((ObjectNode) event.get("content")).deepCopy();
    expected.remove("m.relates_to");
    assertThat(only(answer)).isEqualTo(expected);
  }

  @Test
  void aReplyWhoseOriginalIsUnknownIsSentPlainWithoutRelation() {
    ObjectNode event = MatrixFixtures.event("reply");
    MatrixAnswer answer =
        mediate(event, with(b -> b.reply(Level.UNSUPPORTED).thread(Level.UNSUPPORTED)));
    assertThat(answer.notes()).extracting(n -> n.code().code()).contains("reply.fallback_plain");
    ObjectNode expected = ((ObjectNode) event.get("content")).deepCopy();
    expected.remove("m.relates_to");
    assertThat(only(answer)).isEqualTo(expected);
  }

  @Test
  void aStrippedThreadLeavesAPlainMessage() {
    MatrixAnswer answer =
        mediate(MatrixFixtures.event("thread"), with(b -> b.thread(Level.DROPPED)));
    assertThat(json(only(answer))).isEqualTo("{\"msgtype\":\"m.text\",\"body\":\"in a thread\"}");
  }

  @Test
  void sanitizedHtmlIsRewrittenAndItsTextKept() {
    MatrixAnswer answer =
        mediate(
            event(
                "m.room.message",
                "{\"msgtype\":\"m.text\",\"body\":\"hi\",\"format\":\"org.matrix.custom.html\","
                    + "\"formatted_body\":\"<b onclick=\\\"x()\\\">hi</b><script>x()</script>\"}"),
            everything());
    assertThat(answer.notes()).extracting(n -> n.code().code()).contains("formatting.sanitized");
    assertThat(only(answer).get("formatted_body").asText()).isEqualTo("<b>hi</b>");
  }

  // --- edits --------------------------------------------------------------------------------

  @Test
  void anEditWithoutEditsIsANewStarredMessageWithoutRelationOrNewContent() {
    ObjectNode event = MatrixFixtures.event("edit");
    MatrixAnswer answer = mediate(event, with(b -> b.edit(Level.UNSUPPORTED)));
    assertThat(json(only(answer)))
        .isEqualTo("{\"msgtype\":\"m.text\",\"body\":\"* hello from Triage's fixtures, edited\"}");
  }

  @Test
  void aKeptEditWithFormattingFallbackRewritesNewContentAndTheFallback() {
    MatrixAnswer answer =
        mediate(
            event(
                "m.room.message",
                "{\"msgtype\":\"m.text\",\"body\":\"* hi\",\"format\":\"org.matrix.custom.html\","
                    + "\"formatted_body\":\"* <b>hi</b>\",\"m.new_content\":{\"msgtype\":\"m.text\","
                    + "\"body\":\"hi\",\"format\":\"org.matrix.custom.html\",\"formatted_body\":"
                    + "\"<b>hi</b>\"},\"m.relates_to\":{\"rel_type\":\"m.replace\",\"event_id\":\"$m\"}}"),
            with(b -> b.formatting(FormattingFeature.BOLD.key(), Level.DROPPED)));
    assertThat(json(only(answer)))
        .isEqualTo(
            "{\"msgtype\":\"m.text\",\"body\":\"* hi\",\"m.new_content\":{\"msgtype\":\"m.text\","
                + "\"body\":\"hi\"},\"m.relates_to\":{\"rel_type\":\"m.replace\",\"event_id\":\"$m\"}}");
  }

  // --- polls and locations --------------------------------------------------------------------

  @Test
  void aPollWithoutPollsIsATextMessage() {
    MatrixAnswer answer =
        mediate(MatrixFixtures.event("poll_start_unstable"), with(b -> b.poll(Level.UNSUPPORTED)));
    assertThat(answer.events().get(0).type()).isEqualTo("m.room.message");
    assertThat(json(only(answer)))
        .isEqualTo("{\"msgtype\":\"m.text\",\"body\":\"Tea or coffee?\\n1. Tea\\n2. Coffee\"}");
  }

  @Test
  void aLocationWithoutLocationsIsATextMessage() {
    MatrixAnswer answer =
        mediate(MatrixFixtures.event("location"), with(b -> b.locationMessage(Level.UNSUPPORTED)));
    assertThat(json(only(answer)))
        .isEqualTo(
            "{\"msgtype\":\"m.text\",\"body\":\"Somewhere in London\\ngeo:51.5008,-0.1247\"}");
  }

  // --- files --------------------------------------------------------------------------------

  @Test
  void aVoiceMessageWithoutVoiceIsAudioWithoutTheVoiceKey() {
    ObjectNode event = MatrixFixtures.event("voice");
    MatrixAnswer answer = mediate(event, with(b -> b.removeFile(Attachment.VOICE)));
    ObjectNode expected = ((ObjectNode) event.get("content")).deepCopy();
    expected.remove("org.matrix.msc3245.voice");
    assertThat(only(answer)).isEqualTo(expected);
    assertThat(answer.events().get(0).type()).isEqualTo("m.room.message");
  }

  @Test
  void aStickerWithoutStickersIsAnImageMessage() {
    ObjectNode event = MatrixFixtures.event("sticker");
    MatrixAnswer answer = mediate(event, with(b -> b.removeFile(Attachment.STICKER)));
    assertThat(answer.events().get(0).type()).isEqualTo("m.room.message");
    ObjectNode content = only(answer);
    assertThat(content.get("msgtype").asText()).isEqualTo("m.image");
    assertThat(content.get("body").asText()).isEqualTo("a waving sticker");
    assertThat(content.has("filename")).isFalse();
    assertThat(content.get("url")).isEqualTo(event.at("/content/url"));
  }

  @Test
  void aGifWithoutGifsIsAVideoWithoutItsGifFlag() {
    ObjectNode event =
        event(
            "m.room.message",
            "{\"msgtype\":\"m.video\",\"body\":\"a.mp4\",\"info\":{\"mimetype\":\"video/mp4\","
                + "\"fi.mau.gif\":true,\"fi.mau.loop\":true}}");
    MatrixAnswer answer = mediate(event, with(b -> b.removeFile(Attachment.GIF)));
    assertThat(json(only(answer)))
        .isEqualTo(
            "{\"msgtype\":\"m.video\",\"body\":\"a.mp4\",\"info\":{\"mimetype\":\"video/mp4\","
                + "\"fi.mau.loop\":true}}");
  }

  @Test
  void aMimeTypeTheMsgtypeDoesNotTakeIsSentAsAFile() {
    MatrixAnswer answer =
        mediate(
            MatrixFixtures.event("image"),
            with(
                b ->
                    b.file(
                        Attachment.IMAGE,
                        file(
                            Map.of("image/png", Level.UNSUPPORTED, "*/*", Level.FULL),
                            Level.FULL))));
    assertThat(answer.decision()).isEqualTo(Decision.DEGRADE);
    assertThat(only(answer).get("msgtype").asText()).isEqualTo("m.file");
  }

  @Test
  void aCaptionWithoutCaptionsFollowsTheFileAsItsOwnTextMessage() {
    ObjectNode event = MatrixFixtures.event("image_with_caption");
    MatrixAnswer answer =
        mediate(
            event,
            with(
                b -> b.file(Attachment.IMAGE, file(Map.of("*/*", Level.FULL), Level.UNSUPPORTED))));
    assertThat(answer.events()).hasSize(2);
    ObjectNode fileContent = answer.events().get(0).content();
    assertThat(fileContent.get("body").asText()).isEqualTo("pixel.png");
    assertThat(fileContent.get("url")).isEqualTo(event.at("/content/url"));
    assertThat(json(answer.events().get(1).content()))
        .isEqualTo("{\"msgtype\":\"m.text\",\"body\":\"a caption\"}");
  }

  @Test
  void aStrippedCaptionLeavesTheFileNamedByItsFilename() {
    MatrixAnswer answer =
        mediate(
            MatrixFixtures.event("image_with_caption"),
            with(b -> b.file(Attachment.IMAGE, file(Map.of("*/*", Level.FULL), Level.DROPPED))));
    assertThat(only(answer).get("body").asText()).isEqualTo("pixel.png");
  }

  @Test
  void aFileAtLevelMinusOneWithACaptionLeavesTheCaptionAsText() {
    ObjectNode event = MatrixFixtures.event("image_with_caption");
    event.with("content").put("m.mentions", "kept");
    MatrixAnswer answer =
        mediate(
            event,
            with(
                b ->
                    b.file(
                        Attachment.IMAGE, file(Map.of("image/png", Level.DROPPED), Level.FULL))));
    assertThat(json(only(answer)))
        .isEqualTo("{\"msgtype\":\"m.text\",\"body\":\"a caption\",\"m.mentions\":\"kept\"}");
  }

  @Test
  void aCaptionTooLongFollowsTheFileToo() {
    MatrixAnswer answer =
        mediate(
            MatrixFixtures.event("image_with_caption"),
            with(
                b ->
                    b.file(
                        Attachment.IMAGE,
                        new dev.triage.capability.FileCapability(
                            Map.of("*/*", Level.FULL),
                            Level.FULL,
                            3,
                            0,
                            0,
                            0,
                            java.time.Duration.ZERO,
                            false,
                            Map.of()))));
    assertThat(answer.events()).hasSize(2);
    assertThat(answer.events().get(0).content().get("body").asText()).isEqualTo("pixel.png");
    assertThat(answer.events().get(1).content().get("body").asText()).isEqualTo("a caption");
  }

  @Test
  void anEditOfAFileWithoutEditsIsANewFileMessageWithAStarredCaption() {
    ObjectNode event =
        event(
            "m.room.message",
            "{\"msgtype\":\"m.image\",\"body\":\"* new look\",\"filename\":\"b.png\","
                + "\"url\":\"mxc://x/b\",\"info\":{\"mimetype\":\"image/png\"},\"com.beeper.x\":1,"
                + "\"m.new_content\":{\"msgtype\":\"m.image\",\"body\":\"new look\",\"filename\":"
                + "\"b.png\",\"url\":\"mxc://x/b\",\"info\":{\"mimetype\":\"image/png\"}},"
                + "\"m.relates_to\":{\"rel_type\":\"m.replace\",\"event_id\":\"$m\"}}");
    MatrixAnswer answer = mediate(event, with(b -> b.edit(Level.UNSUPPORTED)));
    assertThat(json(only(answer)))
        .isEqualTo(
            "{\"msgtype\":\"m.image\",\"body\":\"* new look\",\"filename\":\"b.png\","
                + "\"url\":\"mxc://x/b\",\"info\":{\"mimetype\":\"image/png\"},\"com.beeper.x\":1}");
  }

  @Test
  void aKeptEditOfAVoiceMessageWithoutVoiceBecomesAudioInNewContentAndFallback() {
    ObjectNode event =
        event(
            "m.room.message",
            "{\"msgtype\":\"m.audio\",\"body\":\"v.ogg\",\"org.matrix.msc3245.voice\":{},"
                + "\"info\":{\"mimetype\":\"audio/ogg\"},\"m.new_content\":{\"msgtype\":\"m.audio\","
                + "\"body\":\"v.ogg\",\"org.matrix.msc3245.voice\":{},\"info\":{\"mimetype\":"
                + "\"audio/ogg\"}},\"m.relates_to\":{\"rel_type\":\"m.replace\",\"event_id\":\"$m\"}}");
    MatrixAnswer answer = mediate(event, with(b -> b.removeFile(Attachment.VOICE)));
    assertThat(answer.decision()).isEqualTo(Decision.DEGRADE);
    ObjectNode content = only(answer);
    assertThat(content.has("org.matrix.msc3245.voice")).isFalse();
    assertThat(content.get("m.new_content").has("org.matrix.msc3245.voice")).isFalse();
    assertThat(content.get("m.relates_to")).isEqualTo(event.at("/content/m.relates_to"));
  }

  // --- reactions ----------------------------------------------------------------------------

  @Test
  void aReactionOverTheLimitRedactsTheSendersOldestFirst() {
    String reaction =
        "{\"type\":\"m.reaction\",\"sender\":\"@alice:example.org\",\"origin_server_ts\":%d,"
            + "\"content\":{\"m.relates_to\":{\"rel_type\":\"m.annotation\",\"event_id\":\"$m\","
            + "\"key\":\"%s\"}}}";
    Map<String, JsonNode> related = new LinkedHashMap<>();
    related.put("$old", TriageJson.parse(String.format(reaction, 1, "❤️")));
    related.put("$new", TriageJson.parse(String.format(reaction, 2, "😂")));
    ObjectNode event =
        event(
            "m.reaction",
            "{\"m.relates_to\":{\"rel_type\":\"m.annotation\",\"event_id\":\"$m\",\"key\":\"👍\"}}");
    MatrixAnswer answer = mediate(event, RelatedEvents.of(related), with(b -> b.reactionCount(2)));
    assertThat(contents(answer))
        .containsExactly(
            "{\"type\":\"m.room.redaction\",\"redacts\":\"$old\",\"content\":{\"redacts\":\"$old\"}}",
            json(((ObjectNode) event.deepCopy()).retain("type", "content")));
    assertThat(answer.unwritten()).isEmpty();
  }

  // --- status and notice ----------------------------------------------------------------------

  @Test
  void aRejectHasAFailureStatusAsBridgev2BuildsItAndANotice() {
    MatrixAnswer answer =
        mediate(
            MatrixFixtures.event("edit"),
            RelatedEvents.of(
                Map.of(
                    MatrixFixtures.event("edit").at("/content/m.relates_to/event_id").asText(),
                    TriageJson.parse(
                        "{\"type\":\"m.room.message\",\"origin_server_ts\":1000,"
                            + "\"content\":{\"msgtype\":\"m.text\",\"body\":\"x\"}}"))),
            with(b -> b.editMaxAge(java.time.Duration.ofMinutes(15))));
    assertThat(answer.decision()).isEqualTo(Decision.REJECT);
    assertThat(answer.events()).isEmpty();
    ObjectNode edit = MatrixFixtures.event("edit");
    assertThat(json(answer.status()))
        .isEqualTo(
            "{\"m.relates_to\":{\"rel_type\":\"m.reference\",\"event_id\":\""
                + edit.get("event_id").asText()
                + "\"},\"status\":\"FAIL_PERMANENT\",\"reason\":\"com.beeper.unsupported_event\","
                + "\"message\":\"This message is too old to be edited: this chat allows 15 min after"
                + " sending.\",\"relates_to_txn_id\":\""
                + edit.at("/unsigned/transaction_id").asText()
                + "\"}");
    assertThat(json(answer.notice()))
        .isEqualTo(
            "{\"msgtype\":\"m.notice\",\"body\":\"\u26a0\ufe0f Your message was not bridged: This"
                + " message is too old to be edited: this chat allows 15 min after sending.\","
                + "\"m.mentions\":{\"user_ids\":[\"@carol:triage.test\"]},\"m.relates_to\":"
                + "{\"m.in_reply_to\":{\"event_id\":\""
                + edit.get("event_id").asText()
                + "\"}}}");
  }

  @Test
  void theNoticeOfAThreadMessageStaysInTheThread() {
    MatrixAnswer answer =
        mediate(MatrixFixtures.event("thread"), with(b -> b.thread(Level.REJECTED)));
    ObjectNode thread = MatrixFixtures.event("thread");
    assertThat(json(answer.notice().get("m.relates_to")))
        .isEqualTo(
            "{\"rel_type\":\"m.thread\",\"event_id\":\""
                + thread.at("/content/m.relates_to/event_id").asText()
                + "\",\"m.in_reply_to\":{\"event_id\":\""
                + thread.get("event_id").asText()
                + "\"},\"is_falling_back\":true}");
  }

  @Test
  void aDroppedMessageIsAPermanentFailureButANoticeGetsNoNotice() {
    MatrixAnswer poll =
        mediate(MatrixFixtures.event("poll_start_stable"), with(b -> b.poll(Level.DROPPED)));
    assertThat(poll.decision()).isEqualTo(Decision.DROP);
    assertThat(poll.status().get("status").asText()).isEqualTo("FAIL_PERMANENT");
    assertThat(poll.status().get("reason").asText()).isEqualTo("m.event_not_handled");
    assertThat(poll.notice()).isNotNull();
    MatrixAnswer notice =
        mediate(
            event(
                "m.room.message",
                "{\"msgtype\":\"m.notice\",\"body\":\"x\",\"format\":\"org.matrix.custom.html\","
                    + "\"formatted_body\":\"<span data-mx-spoiler>x</span>\"}"),
            with(b -> b.formatting(FormattingFeature.SPOILER.key(), Level.UNSUPPORTED)));
    assertThat(notice.decision()).isEqualTo(Decision.REJECT);
    assertThat(notice.status()).isNotNull();
    assertThat(notice.notice()).isNull();
  }

  @Test
  void aDegradeReportsSuccessWithItsNotes() {
    MatrixAnswer answer =
        mediate(MatrixFixtures.event("poll_start_unstable"), with(b -> b.poll(Level.UNSUPPORTED)));
    assertThat(answer.status().get("status").asText()).isEqualTo("SUCCESS");
    assertThat(answer.status().has("reason")).isFalse();
    assertThat(answer.status().get("message").asText())
        .isEqualTo("Polls are not supported here; sent as a text message with numbered options.");
    assertThat(answer.notice()).isNull();
  }

  @Test
  void aChangeThatChangesNothingIsASuccessWithoutReason() {
    ObjectNode event = MatrixFixtures.event("room_name");
    event.with("unsigned").with("prev_content").put("name", event.at("/content/name").asText());
    MatrixAnswer answer = mediate(event, everything());
    assertThat(answer.decision()).isEqualTo(Decision.DROP);
    assertThat(answer.status().get("status").asText()).isEqualTo("SUCCESS");
    assertThat(answer.status().has("reason")).isFalse();
    assertThat(answer.status().has("relates_to_txn_id")).isFalse();
  }

  @Test
  void receiptsAndTypingNeverHaveAStatus() {
    MatrixAnswer receipt =
        mediate(MatrixFixtures.event("receipt"), with(b -> b.readReceipts(false)));
    assertThat(receipt.decision()).isEqualTo(Decision.DROP);
    assertThat(receipt.events()).isEmpty();
    assertThat(receipt.status()).isNull();
    MatrixAnswer typing = mediate(MatrixFixtures.event("typing"), everything());
    assertThat(typing.decision()).isEqualTo(Decision.FORWARD);
    assertThat(typing.events().get(0).content())
        .isEqualTo(MatrixFixtures.event("typing").get("content"));
    assertThat(typing.status()).isNull();
  }

  @Test
  void theAnswerJsonCarriesStatusAndNoticeAsEvents() {
    MatrixAnswer answer =
        mediate(MatrixFixtures.event("poll_start_stable"), with(b -> b.poll(Level.DROPPED)));
    ObjectNode out = answer.toJson();
    assertThat(out.fieldNames())
        .toIterable()
        .containsExactly("decision", "events", "notes", "status", "notice");
    assertThat(out.at("/status/type").asText()).isEqualTo("com.beeper.message_send_status");
    assertThat(out.at("/notice/type").asText()).isEqualTo("m.room.message");
  }
}
