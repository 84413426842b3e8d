package dev.triage.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Action;
import dev.triage.action.Attachment;
import dev.triage.action.Chat;
import dev.triage.action.ChatOperation;
import dev.triage.action.Delete;
import dev.triage.action.DisappearingTimer;
import dev.triage.action.Edit;
import dev.triage.action.Location;
import dev.triage.action.Member;
import dev.triage.action.Message;
import dev.triage.action.Poll;
import dev.triage.action.Reaction;
import dev.triage.action.ReplyTo;
import dev.triage.action.State;
import dev.triage.action.TextType;
import dev.triage.capability.Capabilities;
import dev.triage.capability.FileCapability;
import dev.triage.capability.Level;
import dev.triage.capability.MemberOperation;
import dev.triage.capability.StateField;
import dev.triage.capability.TimerType;
import dev.triage.verdict.Decision;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Status;
import dev.triage.verdict.Verdict;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The level table for every capability that has a level, at each level -2..2: which decision, and
 * that the notes and status say why.
 */
final class LevelMatrixTest {
  private static final Mediator MEDIATOR = Mediator.create(Fixtures.CLOCK);

  /**
   * A capability under test: how to set its level, an action that uses it, and level 0's answer.
   */
  record Case(
      String capability,
      Function<Level, Capabilities> caps,
      Action action,
      Decision atZero,
      Decision atDropped) {
    @Override
    public String toString() {
      return capability;
    }
  }

  static Stream<Case> cases() {
    Capabilities base = Fixtures.everything();
    Message threaded =
        new Message(null, null, TextType.TEXT, "in thread", null, null, "$root", null);
    Message reply =
        new Message(
            null, null, TextType.TEXT, "yes", null, new ReplyTo("$q", "Ann", "lunch?"), null, null);
    Message image =
        Message.text("caption")
            .withAttachment(
                new Attachment(
                    Attachment.IMAGE, "image/png", 10L, 10, 10, null, null, null, false));
    Message uncaptioned =
        new Message(
            null,
            null,
            TextType.TEXT,
            null,
            null,
            null,
            null,
            Attachment.of(Attachment.IMAGE, "image/png"));
    Stream<Case> features =
        Stream.of(
            new Case(
                "thread",
                l -> base.toBuilder().thread(l).build(),
                threaded,
                Decision.DEGRADE,
                Decision.DEGRADE),
            new Case(
                "reply",
                l -> base.toBuilder().reply(l).build(),
                reply,
                Decision.DEGRADE,
                Decision.DEGRADE),
            new Case(
                "edit",
                l -> base.toBuilder().edit(l).build(),
                new Edit(null, null, "$m", Fixtures.NOW, 0, "fixed", null),
                Decision.DEGRADE,
                Decision.DROP),
            new Case(
                "delete",
                l -> base.toBuilder().delete(l).build(),
                new Delete(null, null, "$m", Fixtures.NOW, true),
                Decision.REJECT,
                Decision.DROP),
            new Case(
                "reaction",
                l -> base.toBuilder().reaction(l).build(),
                new Reaction(null, null, "$m", "👍", false, 0),
                Decision.REJECT,
                Decision.DROP),
            new Case(
                "poll",
                l -> base.toBuilder().poll(l).build(),
                new Poll(null, null, "Lunch?", List.of("Pizza", "Sushi"), null),
                Decision.DEGRADE,
                Decision.DROP),
            new Case(
                "location_message",
                l -> base.toBuilder().locationMessage(l).build(),
                new Location(null, null, 52.52, 13.405, "Berlin"),
                Decision.DEGRADE,
                Decision.DROP),
            new Case(
                "message_request.accept_with_button",
                l -> base.toBuilder().acceptRequestWithButton(l).build(),
                new Chat(null, null, ChatOperation.ACCEPT_REQUEST),
                Decision.REJECT,
                Decision.DROP),
            new Case(
                "file.m.image.caption",
                l -> withImage(base, Level.FULL, l),
                image,
                Decision.DEGRADE,
                Decision.DEGRADE),
            new Case(
                "file.m.image.mime_types.image/png",
                l -> withImage(base, l, Level.FULL),
                uncaptioned,
                Decision.DEGRADE,
                Decision.DROP),
            new Case(
                "state.com.beeper.disappearing_timer",
                l -> base.toBuilder().state(StateField.DISAPPEARING_TIMER, l).build(),
                new DisappearingTimer(null, null, TimerType.AFTER_SEND, 86_400_000L),
                Decision.REJECT,
                Decision.DROP));
    Stream<Case> state =
        Stream.of(StateField.TITLE, StateField.DESCRIPTION, StateField.AVATAR)
            .map(
                field ->
                    new Case(
                        "state." + field.eventType(),
                        l -> base.toBuilder().state(field, l).build(),
                        new State(null, null, field, "new"),
                        Decision.REJECT,
                        Decision.DROP));
    Stream<Case> members =
        Stream.of(MemberOperation.values())
            .map(
                op ->
                    new Case(
                        "member_actions." + op.snakeName(),
                        l -> base.toBuilder().memberAction(op, l).build(),
                        new Member(null, null, op, "@bob:example.org"),
                        Decision.REJECT,
                        Decision.DROP));
    return Stream.of(features, state, members).flatMap(s -> s);
  }

  private static Capabilities withImage(Capabilities base, Level mime, Level caption) {
    return base.toBuilder()
        .file(
            Attachment.IMAGE,
            new FileCapability(
                Map.of("image/png", mime),
                caption,
                0,
                0,
                0,
                0,
                java.time.Duration.ZERO,
                false,
                Map.of()))
        .build();
  }

  static Stream<Arguments> matrix() {
    return cases()
        .flatMap(
            c ->
                Stream.of(
                    Arguments.of(c, Level.FULL, Decision.FORWARD),
                    Arguments.of(c, Level.PARTIAL, Decision.FORWARD),
                    Arguments.of(c, Level.UNSUPPORTED, c.atZero()),
                    Arguments.of(c, Level.DROPPED, c.atDropped()),
                    Arguments.of(c, Level.REJECTED, Decision.REJECT)));
  }

  @ParameterizedTest(name = "{0} at {1} → {2}")
  @MethodSource("matrix")
  void eachLevelDecidesAsTheTableSays(Case c, Level level, Decision expected) {
    Verdict verdict = MEDIATOR.explain(c.action(), c.caps().apply(level));

    assertThat(verdict.decision()).isEqualTo(expected);
    assertThat(verdict.explanation())
        .as("the explanation names the capability and its level")
        .anySatisfy(
            check -> {
              assertThat(check.capability()).isEqualTo(c.capability());
              assertThat(check.value()).isEqualTo(String.valueOf(level.value()));
            });
    switch (level) {
      case FULL:
        assertThat(verdict.actions()).containsExactly(c.action());
        assertThat(verdict.notes()).isEmpty();
        break;
      case PARTIAL:
        assertThat(verdict.actions()).containsExactly(c.action());
        assertThat(verdict.notes())
            .singleElement()
            .satisfies(
                note -> {
                  assertThat(note.code()).isEqualTo(NoteCode.FEATURE_PARTIAL);
                  assertThat(note.capability()).isEqualTo(c.capability());
                  assertThat(note.level()).isEqualTo(Level.PARTIAL);
                });
        break;
      case REJECTED:
        assertThat(verdict.status().status()).isEqualTo(Status.FAIL_PERMANENT);
        assertThat(verdict.status().reason()).isEqualTo("com.beeper.unsupported_event");
        assertThat(verdict.hasNote(NoteCode.FEATURE_REJECTED)).isTrue();
        break;
      default:
        break;
    }
    if (expected == Decision.DROP) {
      // Every action here is something the sender wrote or asked for: dropped, it is not sent, and
      // the sender must hear so (never a success).
      assertThat(verdict.status().status()).isEqualTo(Status.FAIL_PERMANENT);
      assertThat(verdict.status().reason()).isEqualTo("m.event_not_handled");
      assertThat(verdict.status().message()).contains("not sent");
      assertThat(verdict.notes())
          .singleElement()
          .satisfies(note -> assertThat(note.code()).isEqualTo(NoteCode.ACTION_IGNORED));
      assertThat(verdict.actions()).isEmpty();
    }
    if (expected == Decision.REJECT) {
      assertThat(verdict.actions()).isEmpty();
      assertThat(verdict.status().message()).isNotBlank();
    }
    if (expected == Decision.DEGRADE) {
      assertThat(verdict.actions()).isNotEmpty().doesNotContain(c.action());
      assertThat(verdict.notes()).isNotEmpty();
    }
  }
}
