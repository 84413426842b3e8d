package dev.triage.action;

import dev.triage.capability.TimerType;

/**
 * Setting or turning off the chat's disappearing-message timer.
 *
 * @param id the client's transaction id, or {@code null}
 * @param chatID the target chat, or {@code null}
 * @param timerType when the timer starts, or {@code null} when turning it off
 * @param timer milliseconds; 0 turns the timer off
 */
public record DisappearingTimer(String id, String chatID, TimerType timerType, long timer)
    implements Action {
  public DisappearingTimer {
    if (timer < 0) {
      throw new IllegalArgumentException("timer must not be negative");
    }
    if (timer > 0 && timerType == null) {
      throw new IllegalArgumentException("timerType is required when timer is not 0");
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
