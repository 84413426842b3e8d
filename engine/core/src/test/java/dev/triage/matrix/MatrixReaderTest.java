package dev.triage.matrix;

import static dev.triage.matrix.MatrixTesting.event;
import static dev.triage.matrix.MatrixTesting.read;
import static dev.triage.matrix.MatrixTesting.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.action.Attachment;
import dev.triage.action.Chat;
import dev.triage.action.ChatOperation;
import dev.triage.action.Delete;
import dev.triage.action.DisappearingTimer;
import dev.triage.action.Edit;
import dev.triage.action.EditTarget;
import dev.triage.action.Location;
import dev.triage.action.Member;
import dev.triage.action.Message;
import dev.triage.action.Poll;
import dev.triage.action.Reaction;
import dev.triage.action.ReadReceipt;
import dev.triage.action.ReplyTo;
import dev.triage.action.State;
import dev.triage.action.TextType;
import dev.triage.action.Typing;
import dev.triage.capability.MemberOperation;
import dev.triage.capability.StateField;
import dev.triage.capability.TimerType;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every row of the event table (MATRIX.md §2) read into its action, and what is not read. */
final class MatrixReaderTest {
  private static Action only(MatrixRead read) {
    assertThat(read.kind()).as(String.valueOf(read)).isEqualTo(MatrixRead.Kind.ACTIONS);
    assertThat(read.actions()).hasSize(1);
    return read.actions().get(0);
  }

  private static Message message(String content) {
    return (Message) only(read(event("m.room.message", content)));
  }

  private static RelatedEvents related(String id, String eventJson) {
    return RelatedEvents.of(Map.of(id, TriageJson.parse(eventJson)));
  }

  // --- text ---------------------------------------------------------------------------------

  @Test
  void textWithMatrixHtmlIsAMessageWithBodyAsTextAndFormattedBodyAsHtml() {
    Message m =
        message(
            "{\"msgtype\":\"m.text\",\"body\":\"**hi**\",\"format\":\"org.matrix.custom.html\","
                + "\"formatted_body\":\"<b>hi</b>\"}");
    assertThat(m)
        .isEqualTo(
            new Message(
                "$ev",
                "!room:example.org",
                TextType.TEXT,
                "**hi**",
                "<b>hi</b>",
                null,
                null,
                null));
  }

  @ParameterizedTest
  @CsvSource({"m.notice,NOTICE", "m.emote,EMOTE", "m.text,TEXT"})
  void noticesAndEmotesKeepTheirMsgtype(String msgtype, TextType type) {
    assertThat(message("{\"msgtype\":\"" + msgtype + "\",\"body\":\"waves\"}").msgtype())
        .isEqualTo(type);
  }

  @Test
  void aFormattedBodyInAnotherFormatIsNotHtml() {
    Message m =
        message(
            "{\"msgtype\":\"m.text\",\"body\":\"hi\",\"format\":\"org.example.markdown\","
                + "\"formatted_body\":\"**hi**\"}");
    assertThat(m.html()).isNull();
  }

  // --- files --------------------------------------------------------------------------------

  @Test
  void anImageCarriesItsInfo() {
    Message m =
        message(
            "{\"msgtype\":\"m.image\",\"body\":\"cat.png\",\"url\":\"mxc://example.org/cat\","
                + "\"info\":{\"mimetype\":\"image/png\",\"size\":2048,\"w\":640,\"h\":480}}");
    assertThat(m.text()).isNull();
    assertThat(m.attachment())
        .isEqualTo(
            new Attachment(
                "m.image",
                "image/png",
                2048L,
                640,
                480,
                null,
                "cat.png",
                "mxc://example.org/cat",
                false));
  }

  @Test
  void aDurationInMillisecondsBecomesSeconds() {
    Message m =
        message(
            "{\"msgtype\":\"m.video\",\"body\":\"clip.mp4\",\"info\":{\"mimetype\":\"video/mp4\","
                + "\"duration\":12500}}");
    assertThat(m.attachment().duration()).isEqualTo(12.5);
  }

  @Test
  void audioWithTheMsc3245KeyIsAVoiceMessage() {
    Message m =
        message(
            "{\"msgtype\":\"m.audio\",\"body\":\"Voice message\",\"info\":{\"mimetype\":\"audio/ogg\"},"
                + "\"org.matrix.msc3245.voice\":{}}");
    assertThat(m.attachment().msgtype()).isEqualTo(Attachment.VOICE);
  }

  @Test
  void videoMarkedFiMauGifIsAGif() {
    Message m =
        message(
            "{\"msgtype\":\"m.video\",\"body\":\"a.mp4\",\"info\":{\"mimetype\":\"video/mp4\","
                + "\"fi.mau.gif\":true,\"fi.mau.loop\":true,\"fi.mau.autoplay\":true}}");
    assertThat(m.attachment().msgtype()).isEqualTo(Attachment.GIF);
  }

  @Test
  void loopAndAutoplayMarkersAloneStayVideoAsBridgev2ReadsThem() {
    Message m =
        message(
            "{\"msgtype\":\"m.video\",\"body\":\"a.mp4\",\"info\":{\"mimetype\":\"video/mp4\","
                + "\"fi.mau.loop\":true,\"fi.mau.autoplay\":true}}");
    assertThat(m.attachment().msgtype()).isEqualTo(Attachment.VIDEO);
  }

  @Test
  void aStickerEventIsAStickerWhoseBodyDescribesIt() {
    Message m =
        (Message)
            only(
                read(
                    event(
                        "m.sticker",
                        "{\"body\":\"a waving cat\",\"url\":\"mxc://example.org/s\","
                            + "\"info\":{\"mimetype\":\"image/webp\",\"w\":256,\"h\":256}}")));
    assertThat(m.attachment().msgtype()).isEqualTo(Attachment.STICKER);
    assertThat(m.text()).isEqualTo("a waving cat");
    assertThat(m.hasCaption()).isFalse();
  }

  @Test
  void aBodyBesideADifferentFilenameIsACaptionWithItsHtml() {
    Message m =
        message(
            "{\"msgtype\":\"m.image\",\"body\":\"look\",\"filename\":\"cat.png\","
                + "\"format\":\"org.matrix.custom.html\",\"formatted_body\":\"<i>look</i>\","
                + "\"info\":{\"mimetype\":\"image/png\"}}");
    assertThat(m.hasCaption()).isTrue();
    assertThat(m.text()).isEqualTo("look");
    assertThat(m.html()).isEqualTo("<i>look</i>");
    assertThat(m.attachment().fileName()).isEqualTo("cat.png");
  }

  @Test
  void aBodyEqualToTheFilenameOrWithoutOneIsTheFilesNameNotACaption() {
    Message same =
        message(
            "{\"msgtype\":\"m.file\",\"body\":\"a.pdf\",\"filename\":\"a.pdf\","
                + "\"info\":{\"mimetype\":\"application/pdf\"}}");
    Message none =
        message(
            "{\"msgtype\":\"m.file\",\"body\":\"a.pdf\",\"info\":{\"mimetype\":\"application/pdf\"}}");
    for (Message m : new Message[] {same, none}) {
      assertThat(m.hasCaption()).isFalse();
      assertThat(m.text()).isNull();
      assertThat(m.attachment().fileName()).isEqualTo("a.pdf");
    }
  }

  @Test
  void anEncryptedFileHasItsUrlInFile() {
    Message m =
        message(
            "{\"msgtype\":\"m.file\",\"body\":\"a.pdf\",\"file\":{\"url\":\"mxc://example.org/e\","
                + "\"v\":\"v2\"},\"info\":{\"mimetype\":\"application/pdf\"}}");
    assertThat(m.attachment().url()).isEqualTo("mxc://example.org/e");
  }

  @Test
  void aFileWithoutMimeTypeIsUnreadableNotGuessed() {
    MatrixRead read =
        read(
            event(
                "m.room.message",
                "{\"msgtype\":\"m.file\",\"body\":\"a.bin\",\"url\":\"mxc://x/y\"}"));
    assertThat(read.kind()).isEqualTo(MatrixRead.Kind.UNREADABLE);
    assertThat(read.reason()).contains("mimetype");
  }

  // --- location -----------------------------------------------------------------------------

  @Test
  void aLocationIsItsGeoUriWithTheBodyAsDescription() {
    Location l =
        (Location)
            only(
                read(
                    event(
                        "m.room.message",
                        "{\"msgtype\":\"m.location\",\"body\":\"Big Ben\","
                            + "\"geo_uri\":\"geo:51.5008,-0.1247,12;u=35\"}")));
    assertThat(l).isEqualTo(new Location("$ev", "!room:example.org", 51.5008, -0.1247, "Big Ben"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"geo:91,0", "geo:0,181", "geo:abc,1", "http://x", "geo:1", "geo:1e2,0", "geo:NaN,0"})
  void aGeoUriThatIsNoPointIsRefusedNamingIt(String uri) {
    assertThatThrownBy(
            () ->
                read(
                    event(
                        "m.room.message",
                        "{\"msgtype\":\"m.location\",\"body\":\"x\",\"geo_uri\":\"" + uri + "\"}")))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).path())
        .isEqualTo("content.geo_uri");
  }

  // --- edits --------------------------------------------------------------------------------

  @Test
  void anEditIsItsNewContentNotTheStarredFallback() {
    Edit e =
        (Edit)
            only(
                read(
                    event(
                        "m.room.message",
                        "{\"msgtype\":\"m.text\",\"body\":\"* fixed\",\"m.new_content\":"
                            + "{\"msgtype\":\"m.text\",\"body\":\"fixed\",\"format\":"
                            + "\"org.matrix.custom.html\",\"formatted_body\":\"<b>fixed</b>\"},"
                            + "\"m.relates_to\":{\"rel_type\":\"m.replace\",\"event_id\":\"$orig\"}}")));
    assertThat(e)
        .isEqualTo(
            new Edit("$ev", "!room:example.org", "$orig", null, null, "fixed", "<b>fixed</b>"));
  }

  @Test
  void anEditTakesWhenTheOriginalWasSentFromTheRelatedEvent() {
    Edit e =
        (Edit)
            only(
                read(
                    event(
                        "m.room.message",
                        "{\"msgtype\":\"m.text\",\"body\":\"* b\",\"m.new_content\":{\"msgtype\":"
                            + "\"m.text\",\"body\":\"b\"},\"m.relates_to\":{\"rel_type\":"
                            + "\"m.replace\",\"event_id\":\"$orig\"}}"),
                    related(
                        "$orig",
                        "{\"type\":\"m.room.message\",\"origin_server_ts\":1700000000000,"
                            + "\"content\":{\"msgtype\":\"m.text\",\"body\":\"a\"}}")));
    assertThat(e.sentAt()).isEqualTo(1_700_000_000_000L);
    assertThat(e.editCount()).isNull();
  }

  @Test
  void anEditToAFileIsAnEditWithAttachment() {
    Edit e =
        (Edit)
            only(
                read(
                    event(
                        "m.room.message",
                        "{\"msgtype\":\"m.image\",\"body\":\"* new look\",\"m.new_content\":"
                            + "{\"msgtype\":\"m.image\",\"body\":\"new look\",\"filename\":\"b.png\","
                            + "\"info\":{\"mimetype\":\"image/png\"},\"url\":\"mxc://x/b\"},"
                            + "\"m.relates_to\":{\"rel_type\":\"m.replace\",\"event_id\":\"$orig\"}}")));
    assertThat(e.attachment().msgtype()).isEqualTo("m.image");
    assertThat(e.attachment().fileName()).isEqualTo("b.png");
    assertThat(e.text()).isEqualTo("new look");
  }

  @Test
  void anEditOfAPollKnownFromTheRelatedEventTargetsAPoll() {
    Edit e =
        (Edit)
            only(
                read(
                    event(
                        "m.room.message",
                        "{\"msgtype\":\"m.text\",\"body\":\"* Dinner?\",\"m.new_content\":"
                            + "{\"msgtype\":\"m.text\",\"body\":\"Dinner?\"},\"m.relates_to\":"
                            + "{\"rel_type\":\"m.replace\",\"event_id\":\"$poll\"}}"),
                    RelatedEvents.of(
                        Map.of("$poll", MatrixFixtures.event("poll_start_unstable")))));
    assertThat(e.targetType()).isEqualTo(EditTarget.POLL);
  }

  @Test
  void aPollStartThatReplacesAnotherIsAPollEdit() {
    Edit e =
        (Edit)
            only(
                read(
                    event(
                        "org.matrix.msc3381.poll.start",
                        "{\"org.matrix.msc3381.poll.start\":{\"question\":{"
                            + "\"org.matrix.msc1767.text\":\"Dinner?\"},\"answers\":[{\"id\":\"a\","
                            + "\"org.matrix.msc1767.text\":\"Yes\"}]},\"m.relates_to\":{"
                            + "\"rel_type\":\"m.replace\",\"event_id\":\"$poll\"}}")));
    assertThat(e.targetType()).isEqualTo(EditTarget.POLL);
    assertThat(e.messageID()).isEqualTo("$poll");
  }

  @Test
  void anEditWithoutNewContentIsReadFromItsContentAsBridgev2Does() {
    Edit e =
        (Edit)
            only(
                read(
                    event(
                        "m.room.message",
                        "{\"msgtype\":\"m.text\",\"body\":\"fixed\",\"m.relates_to\":"
                            + "{\"rel_type\":\"m.replace\",\"event_id\":\"$orig\"}}")));
    assertThat(e.text()).isEqualTo("fixed");
  }

  // --- replies and threads ------------------------------------------------------------------

  @Test
  void aReplyLosesItsFallbacksAndTakesTheOriginalFromTheRelatedEvent() {
    ObjectNode reply = MatrixFixtures.event("reply_with_fallback");
    String target = reply.at("/content/m.relates_to/m.in_reply_to/event_id").asText();
    ObjectNode original = MatrixFixtures.event("text_with_bundled_relations");
    Message m = (Message) only(read(reply, RelatedEvents.of(Map.of(target, original))));
    assertThat(m.text()).isEqualTo("a reply with fallback");
    assertThat(m.html()).isEqualTo("a reply with fallback");
    assertThat(m.replyTo())
        .isEqualTo(new ReplyTo(target, "@carol:triage.test", "hello from Triage's fixtures"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'> <@bob:x> hi\n> there\n\nyes'|yes",
        "'> * <@bob:x> waves\n\nhello'|hello",
        "'> <@bob:x> hi\r\n\r\nyes'|yes",
        "'> a quote I typed\n\nmine'|'> a quote I typed\n\nmine'",
        "'> <@bob:x> only a quote'|'> <@bob:x> only a quote'"
      })
  void replyFallbacksAreStrippedFromTheBodyOnly(String body, String text) {
    Message m =
        message(
            "{\"msgtype\":\"m.text\",\"body\":"
                + TriageJson.toJson(com.fasterxml.jackson.databind.node.TextNode.valueOf(body))
                + ",\"m.relates_to\":{\"m.in_reply_to\":{\"event_id\":\"$q\"}}}");
    assertThat(m.text()).isEqualTo(text);
  }

  @Test
  void aQuoteInAMessageThatIsNoReplyIsKept() {
    assertThat(message("{\"msgtype\":\"m.text\",\"body\":\"> <@bob:x> hi\\n\\nyes\"}").text())
        .isEqualTo("> <@bob:x> hi\n\nyes");
  }

  @Test
  void aThreadMessageFallingBackToTheRootIsNoReply() {
    Message m = (Message) only(read(MatrixFixtures.event("thread")));
    assertThat(m.threadRoot()).isNotNull();
    assertThat(m.replyTo()).isNull();
  }

  @Test
  void aRealReplyInsideAThreadIsBoth() {
    Message m = (Message) only(read(MatrixFixtures.event("thread_reply")));
    assertThat(m.threadRoot()).isNotNull();
    assertThat(m.replyTo()).isNotNull();
    assertThat(m.replyTo().messageID()).isNotEqualTo(m.threadRoot());
  }

  // --- reactions and redactions ----------------------------------------------------------------

  @Test
  void aReactionIsItsAnnotation() {
    Reaction r =
        (Reaction)
            only(
                read(
                    event(
                        "m.reaction",
                        "{\"m.relates_to\":{\"rel_type\":\"m.annotation\",\"event_id\":\"$m\","
                            + "\"key\":\"👍\"}}")));
    assertThat(r).isEqualTo(new Reaction("$ev", "!room:example.org", "$m", "👍", false, null));
  }

  @Test
  void theSendersReactionsOnTheSameMessageAreItsExistingOnesOldestFirst() {
    String reaction =
        "{\"type\":\"m.reaction\",\"sender\":\"%s\",\"origin_server_ts\":%d,\"content\":"
            + "{\"m.relates_to\":{\"rel_type\":\"m.annotation\",\"event_id\":\"%s\",\"key\":\"%s\"}}}";
    Map<String, JsonNode> related = new java.util.LinkedHashMap<>();
    related.put(
        "$r2", TriageJson.parse(String.format(reaction, "@alice:example.org", 20, "$m", "❤️")));
    related.put(
        "$r1", TriageJson.parse(String.format(reaction, "@alice:example.org", 10, "$m", "😂")));
    related.put(
        "$bob", TriageJson.parse(String.format(reaction, "@bob:example.org", 5, "$m", "🎉")));
    related.put(
        "$other", TriageJson.parse(String.format(reaction, "@alice:example.org", 1, "$n", "🙂")));
    MatrixRead read =
        read(
            event(
                "m.reaction",
                "{\"m.relates_to\":{\"rel_type\":\"m.annotation\",\"event_id\":\"$m\",\"key\":\"👍\"}}"),
            RelatedEvents.of(related));
    Reaction r = (Reaction) only(read);
    assertThat(r.existingKeys()).containsExactly("😂", "❤️");
    assertThat(read.reactionEventIDs())
        .containsExactly(Map.entry("😂", "$r1"), Map.entry("❤️", "$r2"));
  }

  @Test
  void aRedactionBeforeRoomVersion11NamesItsTargetAtTheTopLevel() {
    ObjectNode redaction = event("m.room.redaction", "{\"reason\":\"oops\"}");
    redaction.put("redacts", "$m");
    assertThat(only(read(redaction)))
        .isEqualTo(new Delete("$ev", "!room:example.org", "$m", null, true));
  }

  @Test
  void aRedactionFromRoomVersion11NamesItsTargetInTheContent() {
    assertThat(only(read(event("m.room.redaction", "{\"redacts\":\"$m\"}"))))
        .isEqualTo(new Delete("$ev", "!room:example.org", "$m", null, true));
  }

  @Test
  void aRedactionWithBothPrefersTheTopLevel() {
    ObjectNode redaction = event("m.room.redaction", "{\"redacts\":\"$content\"}");
    redaction.put("redacts", "$top");
    assertThat(((Delete) only(read(redaction))).messageID()).isEqualTo("$top");
  }

  @Test
  void aRedactionWithoutTargetIsRefused() {
    assertThatThrownBy(() -> read(event("m.room.redaction", "{}")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("redacts: is required");
  }

  @Test
  void aRedactionOfAKnownReactionRemovesThatReaction() {
    ObjectNode redaction = MatrixFixtures.event("redaction_of_reaction");
    String target = redaction.get("redacts").asText();
    ObjectNode reaction = MatrixFixtures.event("reaction");
    reaction.with("content").with("m.relates_to").put("key", "🎉");
    Reaction r = (Reaction) only(read(redaction, RelatedEvents.of(Map.of(target, reaction))));
    assertThat(r.remove()).isTrue();
    assertThat(r.key()).isEqualTo("🎉");
    assertThat(r.messageID()).isEqualTo(reaction.at("/content/m.relates_to/event_id").asText());
  }

  @Test
  void aRedactionOfAKnownMessageCarriesWhenItWasSent() {
    Delete d =
        (Delete)
            only(
                read(
                    event("m.room.redaction", "{\"redacts\":\"$m\"}"),
                    related(
                        "$m",
                        "{\"type\":\"m.room.message\",\"origin_server_ts\":42,\"content\":"
                            + "{\"msgtype\":\"m.text\",\"body\":\"x\"}}")));
    assertThat(d.sentAt()).isEqualTo(42L);
  }

  // --- polls --------------------------------------------------------------------------------

  @Test
  void unstableAndStablePollsReadTheSame() {
    Poll unstable = (Poll) only(read(MatrixFixtures.event("poll_start_unstable")));
    Poll stable = (Poll) only(read(MatrixFixtures.event("poll_start_stable")));
    assertThat(unstable.question()).isEqualTo("Tea or coffee?").isEqualTo(stable.question());
    assertThat(unstable.options()).containsExactly("Tea", "Coffee").isEqualTo(stable.options());
    assertThat(unstable.maxSelections()).isEqualTo(1).isEqualTo(stable.maxSelections());
  }

  @Test
  void pollTextsMayComeAsBodyOrAsAMessageBlockAndMaxSelectionsIsClamped() {
    Poll p =
        (Poll)
            only(
                read(
                    event(
                        "org.matrix.msc3381.poll.start",
                        "{\"org.matrix.msc3381.poll.start\":{\"question\":{\"body\":\"Q?\"},"
                            + "\"max_selections\":9,\"answers\":[{\"id\":\"a\",\"org.matrix.msc1767.message\":"
                            + "[{\"mimetype\":\"text/html\",\"body\":\"<b>A</b>\"},{\"body\":\"A\"}]},"
                            + "{\"id\":\"b\",\"org.matrix.msc1767.text\":\"B\"}]}}")));
    assertThat(p.question()).isEqualTo("Q?");
    assertThat(p.options()).containsExactly("A", "B");
    assertThat(p.maxSelections()).isEqualTo(2);
  }

  @Test
  void aPollWithoutQuestionTextIsRefusedNamingIt() {
    assertThatThrownBy(
            () ->
                read(
                    event(
                        "m.poll.start",
                        "{\"m.poll\":{\"question\":{\"m.text\":[]},\"answers\":[{\"m.id\":\"a\","
                            + "\"m.text\":[{\"body\":\"A\"}]}]}}")))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).path())
        .isEqualTo("content[\"m.poll\"].question");
  }

  // --- state ----------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "m.room.name,name,TITLE",
    "m.room.topic,topic,DESCRIPTION",
    "m.room.avatar,url,AVATAR"
  })
  void roomMetadataIsStateWithThePreviousValueAsCurrent(String type, String key, StateField field) {
    ObjectNode event = state(type, "{\"" + key + "\":\"new\"}");
    event.with("unsigned").putObject("prev_content").put(key, "old");
    assertThat(only(read(event)))
        .isEqualTo(new State("$ev", "!room:example.org", field, "new", "old"));
  }

  @Test
  void withoutPreviousContentTheCurrentValueIsUnknownAndAnEmptyPreviousIsEmpty() {
    assertThat(((State) only(read(state("m.room.name", "{\"name\":\"n\"}")))).current()).isNull();
    ObjectNode first = state("m.room.topic", "{\"topic\":\"t\"}");
    first.with("unsigned").putObject("prev_content");
    assertThat(((State) only(read(first))).current()).isEmpty();
    assertThat(((State) only(read(state("m.room.name", "{}")))).value()).isEmpty();
  }

  @Test
  void theLegacyTopLevelPrevContentIsReadToo() {
    ObjectNode event = state("m.room.name", "{\"name\":\"n\"}");
    event.putObject("prev_content").put("name", "n");
    assertThat(((State) only(read(event))).current()).isEqualTo("n");
  }

  @Test
  void roomMetadataUnderAnotherStateKeyIsNotTheRooms() {
    ObjectNode event = state("m.room.name", "{\"name\":\"n\"}");
    event.put("state_key", "elsewhere");
    assertThat(read(event).kind()).isEqualTo(MatrixRead.Kind.NOT_MEDIATED);
  }

  @Test
  void theDisappearingTimerIsReadAndNoTypeOrZeroIsOff() {
    assertThat(
            only(
                read(
                    state(
                        "com.beeper.disappearing_timer",
                        "{\"type\":\"after_send\",\"timer\":60000}"))))
        .isEqualTo(new DisappearingTimer("$ev", "!room:example.org", TimerType.AFTER_SEND, 60000));
    for (String off :
        new String[] {"{}", "{\"type\":\"after_read\",\"timer\":0}", "{\"timer\":5}"}) {
      assertThat(
              ((DisappearingTimer) only(read(state("com.beeper.disappearing_timer", off))))
                  .turnsOff())
          .isTrue();
    }
    assertThatThrownBy(() -> read(state("com.beeper.disappearing_timer", "{\"type\":\"soon\"}")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("content.type:");
  }

  // --- members ----------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "leave,invite,@alice:example.org,INVITE",
    "join,leave,@alice:example.org,KICK",
    "join,leave,@bob:example.org,LEAVE",
    "invite,leave,@alice:example.org,REVOKE_INVITE",
    "invite,leave,@bob:example.org,LEAVE",
    "join,ban,@alice:example.org,BAN",
    "leave,ban,@alice:example.org,BAN",
    "ban,leave,@alice:example.org,BAN"
  })
  void membershipChangesByAMatrixUserAreMemberActions(
      String from, String to, String sender, MemberOperation operation) {
    ObjectNode event = event("m.room.member", "{\"membership\":\"" + to + "\"}");
    event.put("state_key", "@bob:example.org").put("sender", sender);
    event.with("unsigned").putObject("prev_content").put("membership", from);
    assertThat(only(read(event)))
        .isEqualTo(new Member("$ev", "!room:example.org", operation, "@bob:example.org"));
  }

  @Test
  void aJoinOrAProfileChangeIsNotMediated() {
    assertThat(read(MatrixFixtures.event("member_join")).kind())
        .isEqualTo(MatrixRead.Kind.NOT_MEDIATED);
    ObjectNode profile = event("m.room.member", "{\"membership\":\"join\",\"displayname\":\"A\"}");
    profile.put("state_key", "@alice:example.org");
    profile.with("unsigned").putObject("prev_content").put("membership", "join");
    assertThat(read(profile).reason()).contains("profile change");
  }

  @Test
  void realMembershipEventsReadAsBridgev2ClassifiesThem() {
    assertThat(((Member) only(read(MatrixFixtures.event("member_invite")))).action())
        .isEqualTo(MemberOperation.INVITE);
    assertThat(((Member) only(read(MatrixFixtures.event("member_kick")))).action())
        .isEqualTo(MemberOperation.KICK);
    assertThat(((Member) only(read(MatrixFixtures.event("member_ban")))).action())
        .isEqualTo(MemberOperation.BAN);
    // An unban is decided under member_actions.ban: room_features has no unban.
    assertThat(((Member) only(read(MatrixFixtures.event("member_unban")))).action())
        .isEqualTo(MemberOperation.BAN);
  }

  // --- chat
  // ---------------------------------------------------------------------------------------

  @Test
  void deletingAChatAndAcceptingARequestAreChatActions() {
    assertThat(((Chat) only(read(event("com.beeper.delete_chat", "{}")))).action())
        .isEqualTo(ChatOperation.DELETE);
    assertThat(
            ((Chat)
                    only(
                        read(
                            event(
                                "com.beeper.delete_chat",
                                "{\"delete_for_everyone\":true,\"from_message_request\":true}"))))
                .action())
        .isEqualTo(ChatOperation.DELETE_FOR_EVERYONE);
    assertThat(((Chat) only(read(event("com.beeper.accept_message_request", "{}")))).action())
        .isEqualTo(ChatOperation.ACCEPT_REQUEST);
  }

  // --- ephemeral
  // ----------------------------------------------------------------------------------

  @Test
  void aReceiptIsOneReadReceiptPerEventAndUser() {
    MatrixRead read =
        read(
            (ObjectNode)
                TriageJson.parse(
                    "{\"type\":\"m.receipt\",\"room_id\":\"!r\",\"content\":{"
                        + "\"$a\":{\"m.read\":{\"@x:y\":{\"ts\":1},\"@z:y\":{\"ts\":2}}},"
                        + "\"$b\":{\"m.read.private\":{\"@x:y\":{\"ts\":3}}},"
                        + "\"$c\":{\"m.read\":{\"@x:y\":{\"ts\":4,\"thread_id\":\"main\"}}}}}"));
    assertThat(read.actions())
        .containsExactly(
            new ReadReceipt(null, "!r", "$a"),
            new ReadReceipt(null, "!r", "$a"),
            new ReadReceipt(null, "!r", "$c"));
    assertThat(read.users()).containsExactly("@x:y", "@z:y", "@x:y");
  }

  @Test
  void aPrivateReceiptAloneIsNotMediated() {
    assertThat(
            read((ObjectNode)
                    TriageJson.parse(
                        "{\"type\":\"m.receipt\",\"content\":{\"$b\":{\"m.read.private\":{\"@x:y\":{}}}}}"))
                .kind())
        .isEqualTo(MatrixRead.Kind.NOT_MEDIATED);
  }

  @Test
  void typingIsOneTypingPerUserAndNobodyTypingIsAStop() {
    MatrixRead two =
        read(
            (ObjectNode)
                TriageJson.parse(
                    "{\"type\":\"m.typing\",\"content\":{\"user_ids\":[\"@a:x\",\"@b:x\"]}}"));
    assertThat(two.actions())
        .containsExactly(new Typing(null, null, true), new Typing(null, null, true));
    assertThat(two.users()).containsExactly("@a:x", "@b:x");
    MatrixRead none =
        read(
            (ObjectNode) TriageJson.parse("{\"type\":\"m.typing\",\"content\":{\"user_ids\":[]}}"));
    assertThat(none.actions()).containsExactly(new Typing(null, null, false));
  }

  // --- what is not read
  // -------------------------------------------------------------------------------

  @Test
  void encryptedEventsUnknownTypesAndMsgtypesAreUnreadableWithAReason() {
    MatrixRead encrypted =
        read(event("m.room.encrypted", "{\"algorithm\":\"m.megolm.v1.aes-sha2\"}"));
    assertThat(encrypted.kind()).isEqualTo(MatrixRead.Kind.UNREADABLE);
    assertThat(encrypted.reason()).contains("encrypted");
    assertThat(read(event("org.example.custom", "{}")).reason()).contains("org.example.custom");
    assertThat(
            read(event(
                    "m.room.message",
                    "{\"msgtype\":\"m.key.verification.request\",\"body\":\"v\"}"))
                .reason())
        .contains("m.key.verification.request");
  }

  @Test
  void redactedEventsAndRoomSetupAreNotMediated() {
    assertThat(read(MatrixFixtures.event("redacted_message_v11")).kind())
        .isEqualTo(MatrixRead.Kind.NOT_MEDIATED);
    assertThat(read(MatrixFixtures.event("room_create_v12")).kind())
        .isEqualTo(MatrixRead.Kind.NOT_MEDIATED);
  }

  // --- malformed -------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[]|''",
        "{\"content\":{}}|type",
        "{\"type\":\"m.room.message\"}|content",
        "{\"type\":\"m.room.message\",\"content\":[]}|content",
        "{\"type\":7,\"content\":{}}|type",
        "{\"type\":\"m.room.message\",\"content\":{\"msgtype\":\"m.text\"}}|content.body",
        "{\"type\":\"m.room.message\",\"content\":{\"msgtype\":\"m.text\",\"body\":\"\"}}|content.body",
        "{\"type\":\"m.room.message\",\"content\":{\"msgtype\":\"m.image\",\"body\":\"a\",\"info\":{\"mimetype\":\"image/png\",\"size\":\"big\"}}}|content.info.size",
        "{\"type\":\"m.room.message\",\"content\":{\"msgtype\":\"m.image\",\"body\":\"a\",\"info\":{\"mimetype\":\"image/png\",\"w\":-1}}}|content.info.w",
        "{\"type\":\"m.room.message\",\"content\":{\"msgtype\":\"m.text\",\"body\":\"a\",\"m.relates_to\":{\"m.in_reply_to\":{\"event_id\":5}}}}|content[\"m.relates_to\"][\"m.in_reply_to\"].event_id",
        "{\"type\":\"m.reaction\",\"content\":{\"m.relates_to\":{\"rel_type\":\"m.annotation\",\"event_id\":\"$m\"}}}|content[\"m.relates_to\"].key",
        "{\"type\":\"m.room.message\",\"event_id\":1,\"content\":{}}|event_id",
        "{\"type\":\"m.room.message\",\"origin_server_ts\":\"now\",\"content\":{}}|origin_server_ts",
        "{\"type\":\"m.typing\",\"content\":{\"user_ids\":\"@a:x\"}}|content.user_ids",
        "{\"type\":\"m.receipt\",\"content\":{\"$a\":{\"m.read\":{\"@x:y\":1}}}}|content[\"$a\"][\"m.read\"][\"@x:y\"]",
        "{\"type\":\"m.room.member\",\"state_key\":\"@b:x\",\"content\":{}}|content.membership",
        "{\"type\":\"com.beeper.delete_chat\",\"content\":{\"delete_for_everyone\":\"yes\"}}|content.delete_for_everyone"
      })
  void aMalformedEventIsRefusedNamingThePath(String json, String path) {
    assertThatThrownBy(() -> MatrixReader.read(TriageJson.parse(json)))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).path())
        .isEqualTo(path);
  }

  @Test
  void aMalformedRelatedEventIsRefusedNamingIt() {
    assertThatThrownBy(
            () ->
                read(
                    event("m.room.redaction", "{\"redacts\":\"$r\"}"),
                    related("$r", "{\"type\":\"m.reaction\",\"content\":{}}")))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).path())
        .isEqualTo("related[\"$r\"].content[\"m.relates_to\"]");
  }

  @Test
  void actionsCarryTheEventIdAndRoom() {
    Action a = only(read(MatrixFixtures.event("text")));
    assertThat(a.id()).startsWith("$");
    assertThat(a.chatID()).startsWith("!");
  }
}
