package dev.triage.action;

import dev.triage.capability.TimerType;

/**
 * Setting or turning off the chat's disappearing-message timer.
 *
 * @param id the client's transaction id, or {@code null}
 * @param chatID the target chat, or {@code null}
 * @param timerType when the timer starts, or {@code null}: no type turns the timer off
 * @param timer milliseconds; 0 turns the timer off
 */
public record DisappearingTimer(String id, String chatID, TimerType timerType, long timer)
    implements Action {
  public DisappearingTimer {
    if (timer < 0) {
      throw new IllegalArgumentException("timer must not be negative");
    }
    // As bridgev2 reads com.beeper.disappearing_timer: no type or a zero timer is off, stored as
    // one value so that "off" compares and is written the same however it was said.
    if (timerType == null || timer == 0) {
      timerType = null;
      timer = 0;
    }
  }

  @Override
  public ActionType type() {
    return ActionType.DISAPPEARING_TIMER;
  }

  /** Whether this turns the timer off. */
  public boolean turnsOff() {
    return timer == 0;
  }
}
