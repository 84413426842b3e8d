package dev.triage.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Message;
import dev.triage.verdict.Decision;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one helper every numeric limit goes through, on its own: none, unknown, within, over. */
final class LimitTest {
  private static final Message ACTION = Message.text("hi");
  private static final Limit.Unknown UNKNOWN =
      new Limit.Unknown(
          "size unknown", NoteCode.ATTACHMENT_LIMIT_UNKNOWN, limit -> "limited to " + limit);

  private final Ruling ruling = new Ruling(true);

  private Verdict verdict() {
    return ruling.verdict(ACTION, List.of(ACTION));
  }

  private boolean allows(long max, Long value) {
    return Limit.of("file.m.image.max_size", max)
        .allows(
            ruling,
            value,
            String.valueOf(value),
            UNKNOWN,
            NoteCode.ATTACHMENT_TOO_LARGE,
            () -> "too big");
  }

  @Test
  void zeroIsNoLimitAndSaysNothing() {
    assertThat(allows(0, Long.MAX_VALUE)).isTrue();
    assertThat(allows(0, null)).isTrue();

    Verdict verdict = verdict();
    assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
    assertThat(verdict.notes()).isEmpty();
    assertThat(verdict.explanation()).isEmpty();
  }

  @Test
  void anUnknownValuePassesWithItsNote() {
    assertThat(allows(100, null)).isTrue();

    Verdict verdict = verdict();
    assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
    assertThat(verdict.notes())
        .singleElement()
        .satisfies(
            note -> {
              assertThat(note.code()).isEqualTo(NoteCode.ATTACHMENT_LIMIT_UNKNOWN);
              assertThat(note.capability()).isEqualTo("file.m.image.max_size");
              assertThat(note.message()).isEqualTo("limited to 100");
            });
    assertThat(verdict.explanation())
        .singleElement()
        .satisfies(check -> assertThat(check.rule()).isEqualTo("size unknown: let through"));
  }

  @Test
  void exactlyAtTheLimitPasses() {
    assertThat(allows(100, 100L)).isTrue();

    Verdict verdict = verdict();
    assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
    assertThat(verdict.notes()).isEmpty();
    assertThat(verdict.explanation())
        .singleElement()
        .satisfies(
            check -> {
              assertThat(check.value()).isEqualTo("100");
              assertThat(check.rule()).isEqualTo("100: within");
            });
  }

  @Test
  void oneOverTheLimitRejectsAsUnsupported() {
    assertThat(allows(100, 101L)).isFalse();

    Verdict verdict = verdict();
    assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
    assertThat(verdict.status().reason()).isEqualTo("com.beeper.unsupported_event");
    assertThat(verdict.status().message()).isEqualTo("too big");
    assertThat(verdict.hasNote(NoteCode.ATTACHMENT_TOO_LARGE)).isTrue();
    assertThat(verdict.explanation())
        .singleElement()
        .satisfies(check -> assertThat(check.rule()).isEqualTo("101: reject"));
  }

  @Test
  void overTheLimitLeavesTheOutcomeToTheRuleWhenAskedToFit() {
    Limit limit = Limit.of("max_text_length", 5);

    assertThat(limit.fits(ruling, 6, "6 code points")).isFalse();

    assertThat(verdict().decision()).isEqualTo(Decision.FORWARD);
    assertThat(verdict().explanation()).isEmpty();
  }

  @Test
  void fractionalValuesCompareExactly() {
    Limit limit = Limit.of("file.m.audio.max_duration", 7, "7 s");

    assertThat(limit.allows(ruling, 7.0, "7.0 s", UNKNOWN, NoteCode.ATTACHMENT_TOO_LONG, () -> ""))
        .isTrue();
    assertThat(limit.allows(ruling, 7.5, "7.5 s", UNKNOWN, NoteCode.ATTACHMENT_TOO_LONG, () -> ""))
        .isFalse();
  }

  @Test
  void anAgeExactlyAtTheLimitPassesAndOneMillisecondMoreRejects() {
    Duration maxAge = Duration.ofSeconds(900);

    assertThat(age(maxAge, Fixtures.NOW - 900_000)).isTrue();
    assertThat(ruling.decided()).isFalse();
    assertThat(age(maxAge, Fixtures.NOW - 900_001)).isFalse();
    assertThat(verdict().status().message())
        .isEqualTo("This message is too old to be edited: this chat allows 15 min after sending.");
  }

  @Test
  void agesAtTheEndsOfTheLongRangeDoNotOverflow() {
    assertThat(age(Duration.ofSeconds(Long.MAX_VALUE), Long.MIN_VALUE)).isTrue();
    assertThat(age(Duration.ofSeconds(1), Long.MIN_VALUE)).isFalse();
  }

  @Test
  void anAgeLimitUnderAMillisecondIsStillALimit() {
    assertThat(age(Duration.ofNanos(1), Fixtures.NOW - 1)).isFalse();
  }

  private boolean age(Duration maxAge, Long sentAt) {
    return Limit.allowsAge(
        ruling,
        Fixtures.CLOCK,
        "edit_max_age",
        maxAge,
        sentAt,
        NoteCode.EDIT_AGE_UNKNOWN,
        NoteCode.EDIT_TOO_OLD,
        "edited");
  }
}
