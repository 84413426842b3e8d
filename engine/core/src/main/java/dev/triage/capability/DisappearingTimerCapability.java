package dev.triage.capability;

import java.util.List;
import java.util.Objects;

/**
 * Which disappearing-message timers a chat accepts ({@code disappearing_timer}).
 *
 * @param types the timer types the network knows
 * @param timers the exact timers allowed, in milliseconds; empty means any timer
 * @param omitEmptyTimer whether the network wants the timer left out when it is turned off
 */
public record DisappearingTimerCapability(
    List<TimerType> types, List<Long> timers, boolean omitEmptyTimer) {

  /** Takes unmodifiable copies and refuses negative timers. */
  public DisappearingTimerCapability {
    types = List.copyOf(Objects.requireNonNull(types, "types"));
    timers = List.copyOf(Objects.requireNonNull(timers, "timers"));
    for (Long timer : timers) {
      if (timer < 0) {
        throw new IllegalArgumentException("timers must not be negative, got " + timer);
      }
    }
  }
}
