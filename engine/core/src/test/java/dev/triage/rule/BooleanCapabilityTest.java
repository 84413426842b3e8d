package dev.triage.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Action;
import dev.triage.action.Attachment;
import dev.triage.action.Chat;
import dev.triage.action.ChatOperation;
import dev.triage.action.Delete;
import dev.triage.action.Message;
import dev.triage.action.Reaction;
import dev.triage.action.ReadReceipt;
import dev.triage.action.Typing;
import dev.triage.capability.Capabilities;
import dev.triage.capability.FileCapability;
import dev.triage.capability.Level;
import dev.triage.verdict.Decision;
import dev.triage.verdict.Status;
import dev.triage.verdict.Verdict;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The boolean capabilities: true forwards; false drops what the network never hears of (receipts,
 * typing, archive, unread markers) and rejects the rest (delete for me, chat deletes, custom emoji,
 * view-once).
 */
final class BooleanCapabilityTest {
  private static final Mediator MEDIATOR = Mediator.create(Fixtures.CLOCK);

  static Stream<Arguments> flags() {
    Message viewOnce =
        Message.file(
            new Attachment(Attachment.IMAGE, "image/png", 1L, 1, 1, null, null, null, true));
    return Stream.of(
        flag(
            "read_receipts",
            (c, v) -> c.readReceipts(v),
            new ReadReceipt(null, null, "$m"),
            Decision.DROP),
        flag(
            "typing_notifications",
            (c, v) -> c.typingNotifications(v),
            new Typing(null, null, true),
            Decision.DROP),
        flag(
            "archive",
            (c, v) -> c.archive(v),
            new Chat(null, null, ChatOperation.ARCHIVE),
            Decision.DROP),
        flag(
            "archive",
            (c, v) -> c.archive(v),
            new Chat(null, null, ChatOperation.UNARCHIVE),
            Decision.DROP),
        flag(
            "mark_as_unread",
            (c, v) -> c.markAsUnread(v),
            new Chat(null, null, ChatOperation.MARK_UNREAD),
            Decision.DROP),
        flag(
            "mark_as_unread",
            (c, v) -> c.markAsUnread(v),
            new Chat(null, null, ChatOperation.MARK_READ),
            Decision.DROP),
        flag(
            "delete_chat",
            (c, v) -> c.deleteChat(v),
            new Chat(null, null, ChatOperation.DELETE),
            Decision.REJECT),
        flag(
            "delete_chat_for_everyone",
            (c, v) -> c.deleteChatForEveryone(v),
            new Chat(null, null, ChatOperation.DELETE_FOR_EVERYONE),
            Decision.REJECT),
        flag(
            "delete_for_me",
            (c, v) -> c.deleteForMe(v),
            new Delete(null, null, "$m", null, false),
            Decision.REJECT),
        flag(
            "custom_emoji_reactions",
            (c, v) -> c.customEmojiReactions(v),
            new Reaction(null, null, "$m", "mxc://example.org/abc", false, 0),
            Decision.REJECT),
        flag(
            "file.m.image.view_once",
            (c, v) ->
                c.file(
                    Attachment.IMAGE,
                    new FileCapability(
                        Map.of("image/png", Level.FULL),
                        Level.FULL,
                        0,
                        0,
                        0,
                        0,
                        Duration.ZERO,
                        v,
                        Map.of())),
            viewOnce,
            Decision.REJECT));
  }

  private static Arguments flag(
      String capability,
      BiFunction<Capabilities.Builder, Boolean, Capabilities.Builder> set,
      Action action,
      Decision whenFalse) {
    return Arguments.of(capability, set, action, whenFalse);
  }

  @ParameterizedTest(name = "{0} with {2}")
  @MethodSource("flags")
  void trueForwardsAndFalseDropsOrRejects(
      String capability,
      BiFunction<Capabilities.Builder, Boolean, Capabilities.Builder> set,
      Action action,
      Decision whenFalse) {
    Verdict yes =
        MEDIATOR.mediate(action, set.apply(Fixtures.everything().toBuilder(), true).build());
    Verdict no =
        MEDIATOR.mediate(action, set.apply(Fixtures.everything().toBuilder(), false).build());

    assertThat(yes.decision()).isEqualTo(Decision.FORWARD);
    assertThat(yes.actions()).containsExactly(action);
    assertThat(no.decision()).isEqualTo(whenFalse);
    assertThat(no.actions()).isEmpty();
    assertThat(no.notes()).anySatisfy(note -> assertThat(note.capability()).isEqualTo(capability));
    if (whenFalse == Decision.DROP) {
      // A signal carries nothing the sender wrote: dropping it loses nothing, so it succeeds.
      assertThat(no.status().status()).isEqualTo(Status.SUCCESS);
      assertThat(no.status().reason()).isEqualTo("m.event_not_handled");
    } else {
      assertThat(no.status().status()).isEqualTo(Status.FAIL_PERMANENT);
    }
  }
}
