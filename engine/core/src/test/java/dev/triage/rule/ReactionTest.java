package dev.triage.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Reaction;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.verdict.Decision;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Status;
import dev.triage.verdict.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reactions with the sender's existing keys, as bridgev2's portal.go handleMatrixReaction treats
 * them: a duplicate is ignored with success, and at the limit the oldest make room.
 */
final class ReactionTest {
  private static final Mediator MEDIATOR = Mediator.create(Fixtures.CLOCK);

  private static Capabilities limit(int count) {
    return Fixtures.everything().toBuilder().reactionCount(count).build();
  }

  // bridgev2 portal.go handleMatrixReaction: at MaxReactions the oldest is removed (redacted)
  // and the new one sent.
  @Test
  void atTheLimitTheOldestIsRemovedThenTheNewOneAdded() {
    Reaction like = Reaction.adding("tx", "!c", "$m", "👍", List.of("❤️"));

    Verdict verdict = MEDIATOR.mediate(like, limit(1));

    assertThat(verdict.decision()).isEqualTo(Decision.DEGRADE);
    assertThat(verdict.actions())
        .containsExactly(
            new Reaction("tx", "!c", "$m", "❤️", true, null),
            Reaction.adding("tx#2", "!c", "$m", "👍", List.of()));
    assertThat(verdict.notes())
        .singleElement()
        .satisfies(
            note -> {
              assertThat(note.code()).isEqualTo(NoteCode.REACTION_REPLACED_OLDEST);
              assertThat(note.capability()).isEqualTo("reaction_count");
              assertThat(note.message()).contains("❤️").contains("removed");
            });
  }

  // bridgev2 keeps the newest MaxReactions-1 and removes the rest, oldest first.
  @Test
  void overTheLimitEveryReactionBeyondTheNewestRoomIsRemovedOldestFirst() {
    Reaction like = Reaction.adding("tx", null, "$m", "👍", List.of("a", "b", "c", "d"));

    Verdict verdict = MEDIATOR.mediate(like, limit(3));

    assertThat(verdict.actions())
        .containsExactly(
            new Reaction("tx", null, "$m", "a", true, null),
            new Reaction("tx#2", null, "$m", "b", true, null),
            Reaction.adding("tx#3", null, "$m", "👍", List.of("c", "d")));
  }

  @Test
  void belowTheLimitTheKeysAreOnlyCounted() {
    Reaction like = Reaction.adding(null, null, "$m", "👍", List.of("❤️"));

    Verdict verdict = MEDIATOR.mediate(like, limit(2));

    assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
    assertThat(verdict.actions()).containsExactly(like);
  }

  // With only a number Triage cannot name the oldest: the network replaces it (as WhatsApp's one
  // reaction per sender does), and the note says so.
  @Test
  void atTheLimitWithOnlyACountTheNetworkReplacesTheOldest() {
    Verdict verdict = MEDIATOR.mediate(new Reaction(null, null, "$m", "👍", false, 1), limit(1));

    assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
    assertThat(verdict.notes())
        .singleElement()
        .satisfies(
            note -> {
              assertThat(note.code()).isEqualTo(NoteCode.REACTION_COUNT_EXCEEDED);
              assertThat(note.message()).contains("replaces your oldest");
            });
  }

  // bridgev2 portal.go handleMatrixReaction: "Ignoring duplicate reaction", sendSuccessStatus.
  @ParameterizedTest(name = "reaction at {0}")
  @EnumSource(
      value = Level.class,
      names = {"FULL", "PARTIAL"})
  void aReactionTheSenderAlreadyHasIsANoOpThatSucceeds(Level level) {
    Capabilities caps = limit(1).toBuilder().reaction(level).build();

    Verdict verdict =
        MEDIATOR.mediate(Reaction.adding(null, null, "$m", "👍", List.of("👍")), caps);

    assertThat(verdict.decision()).isEqualTo(Decision.DROP);
    assertThat(verdict.actions()).isEmpty();
    assertThat(verdict.hasNote(NoteCode.REACTION_DUPLICATE)).isTrue();
    assertThat(verdict.status().status()).isEqualTo(Status.SUCCESS);
  }

  @Test
  void aDuplicateIsRecognisedIgnoringVariationSelector16() {
    Verdict verdict =
        MEDIATOR.mediate(
            Reaction.adding(null, null, "$m", "❤", List.of("❤️")), Fixtures.everything());

    assertThat(verdict.decision()).isEqualTo(Decision.DROP);
    assertThat(verdict.status().status()).isEqualTo(Status.SUCCESS);
  }

  @Test
  void removingIsNeverReplacedOrDeduplicated() {
    Reaction unlike = new Reaction(null, null, "$m", "👍", true, null, List.of("👍"));

    assertThat(MEDIATOR.mediate(unlike, limit(1)).actions()).containsExactly(unlike);
  }

  @Test
  void keysGiveTheCountAndMustAgreeWithAGivenOne() {
    assertThat(Reaction.adding(null, null, "$m", "👍", List.of("a", "b")).existing()).isEqualTo(2);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Reaction(null, null, "$m", "👍", false, 3, List.of("a")))
        .hasMessage("existing is 3 but lists 1 keys");
  }
}
