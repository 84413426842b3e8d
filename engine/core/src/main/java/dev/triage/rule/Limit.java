package dev.triage.rule;

import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Reasons;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A numeric limit of the chat, applied the same way by every rule. Zero, which is what a missing
 * field reads as, is no limit; a value the action does not give passes with a {@code *_unknown}
 * note, since refusing what may well fit would refuse too much; a value at the limit passes; over
 * it the action is rejected with {@code com.beeper.unsupported_event}, a limit of the chat as
 * bridgev2's errors.go says, or the rule applies a fallback that keeps the meaning (a text split, a
 * caption sent apart, the oldest reaction replaced).
 */
final class Limit {
  /**
   * What is said when the action does not give the value.
   *
   * @param missing the start of the check's rule: {@code sentAt unknown}
   * @param code the note's code
   * @param message the note's message, given the limit as shown ({@code 900 s})
   */
  record Unknown(String missing, NoteCode code, Function<String, String> message) {}

  private final String capability;
  private final long max;
  private final String shown;
  private final boolean none;

  private Limit(String capability, long max, String shown, boolean none) {
    this.capability = capability;
    this.max = max;
    this.shown = shown;
    this.none = none;
  }

  /** A limit shown as its number. */
  static Limit of(String capability, long max) {
    return new Limit(capability, max, String.valueOf(max), max == 0);
  }

  /** A limit shown with its unit ({@code 3600 s}). */
  static Limit of(String capability, long max, String shown) {
    return new Limit(capability, max, shown, max == 0);
  }

  /**
   * An age limit ({@code edit_max_age}, {@code delete_max_age}): the message's age against {@code
   * maxAge}, measured on the clock. Exactly at the limit passes.
   */
  static boolean allowsAge(
      Ruling ruling,
      Clock clock,
      String capability,
      Duration maxAge,
      Long sentAt,
      NoteCode unknown,
      NoteCode tooOld,
      String verb) {
    if (maxAge.isZero()) {
      return true;
    }
    // Saturating: a limit or a sentAt at the ends of the long range must not overflow into a
    // wrong answer. A limit under a millisecond is still a limit.
    long maxMillis = saturatedMillis(maxAge);
    Limit limit = new Limit(capability, maxMillis, maxAge.getSeconds() + " s", false);
    Long age = sentAt == null ? null : saturatedMinus(clock.millis(), sentAt);
    return limit.allows(
        ruling,
        age,
        "age " + age + " ms",
        age == null ? ageUnknown(unknown, verb) : null,
        tooOld,
        () ->
            "This message is too old to be "
                + verb
                + ": this chat allows "
                + Texts.humanMillis(maxMillis)
                + " after sending.");
  }

  private static Unknown ageUnknown(NoteCode code, String verb) {
    return new Unknown(
        "sentAt unknown",
        code,
        limit ->
            "Messages can be "
                + verb
                + " here for "
                + limit
                + " after sending, but when this one was sent is unknown.");
  }

  /**
   * The common case: no limit or an unknown value (noted) passes, a value within passes, a value
   * over rejects. Returns whether the action may go on.
   */
  boolean allows(
      Ruling ruling,
      Long value,
      String shownValue,
      Unknown unknown,
      NoteCode over,
      Supplier<String> message) {
    if (fits(ruling, value, shownValue, unknown)) {
      return true;
    }
    reject(ruling, shownValue + ": reject", over, message.get());
    return false;
  }

  /**
   * {@link #allows(Ruling, Long, String, Unknown, NoteCode, Supplier)} for a value always known.
   */
  boolean allows(
      Ruling ruling, long value, String shownValue, NoteCode over, Supplier<String> message) {
    return allows(ruling, Long.valueOf(value), shownValue, null, over, message);
  }

  /** {@link #allows(Ruling, Long, String, Unknown, NoteCode, Supplier)} for a fractional value. */
  boolean allows(
      Ruling ruling,
      Double value,
      String shownValue,
      Unknown unknown,
      NoteCode over,
      Supplier<String> message) {
    // Written as not-over, so that a NaN passes as it always has.
    if (fits(ruling, value == null, value != null && !(value > max), shownValue, unknown)) {
      return true;
    }
    reject(ruling, shownValue + ": reject", over, message.get());
    return false;
  }

  /**
   * Whether the action may go on as it is: no limit; a value the action does not give (with the
   * note); a value within (with the check). False for a value over the limit, with nothing recorded
   * yet: the caller says what over means with {@link #over} or {@link #reject}.
   */
  boolean fits(Ruling ruling, Long value, String shownValue, Unknown unknown) {
    return fits(ruling, value == null, value != null && value <= max, shownValue, unknown);
  }

  /** {@link #fits(Ruling, Long, String, Unknown)} for a value always known. */
  boolean fits(Ruling ruling, long value, String shownValue) {
    return fits(ruling, false, value <= max, shownValue, null);
  }

  private boolean fits(
      Ruling ruling, boolean unknownValue, boolean within, String shownValue, Unknown unknown) {
    if (none) {
      return true;
    }
    if (unknownValue) {
      if (unknown == null) {
        throw new IllegalStateException(capability + ": a value is required");
      }
      ruling.check(capability, shown, unknown.missing() + ": let through");
      ruling.note(unknown.code(), capability, null, unknown.message().apply(shown));
      return true;
    }
    if (within) {
      ruling.check(capability, shown, shownValue + ": within");
      return true;
    }
    return false;
  }

  /** Records the check of a value over the limit, with what the rule does about it. */
  void over(Ruling ruling, String rule) {
    ruling.check(capability, shown, rule);
  }

  /** Records the check of a value over the limit and rejects the action. */
  void reject(Ruling ruling, String rule, NoteCode code, String message) {
    over(ruling, rule);
    ruling.reject(code, capability, null, Reasons.UNSUPPORTED_EVENT, message);
  }

  private static long saturatedMinus(long a, long b) {
    long difference = a - b;
    // Overflow happened when the operands have different signs and the result's sign is not a's.
    if (((a ^ b) & (a ^ difference)) < 0) {
      return a >= 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return difference;
  }

  private static long saturatedMillis(Duration duration) {
    return duration.getSeconds() >= Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : duration.toMillis();
  }
}
