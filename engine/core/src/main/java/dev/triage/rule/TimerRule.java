package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.DisappearingTimer;
import dev.triage.capability.Capabilities;
import dev.triage.capability.DisappearingTimerCapability;
import dev.triage.capability.Level;
import dev.triage.capability.StateField;
import dev.triage.capability.TimerType;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Reasons;
import java.util.List;

/**
 * Disappearing-message timers. The timer is state ({@code state.com.beeper.disappearing_timer})
 * with its own allowed values ({@code disappearing_timer}). Documents from before the state map
 * have only the latter; there its presence means the state can be set. A timer the chat does not
 * offer is rejected, never replaced by another one.
 */
final class TimerRule {
  private TimerRule() {}

  static List<Action> apply(DisappearingTimer timer, Capabilities caps, Ruling ruling) {
    StateField field = StateField.DISAPPEARING_TIMER;
    String capability = "state." + field.eventType();
    DisappearingTimerCapability allowed = caps.disappearingTimer();
    Level level =
        caps.state().containsKey(field.eventType())
            ? caps.stateLevel(field)
            : allowed != null ? Level.FULL : Level.UNSUPPORTED;
    if (!Rule.withoutFallback(ruling, capability, level, StateRule.label(field))) {
      return List.of();
    }
    if (allowed == null) {
      ruling.check("disappearing_timer", "absent", "no timers advertised: reject");
      ruling.reject(
          NoteCode.DISAPPEARING_TIMER_UNSUPPORTED,
          "disappearing_timer",
          null,
          Reasons.UNSUPPORTED_EVENT,
          "Disappearing messages are not supported here.");
      return List.of();
    }
    if (timer.turnsOff()) {
      ruling.check("disappearing_timer", "present", "timer 0 turns it off: forward");
      return List.of(timer);
    }
    if (!allowed.types().contains(timer.timerType())) {
      ruling.check(
          "disappearing_timer.types", allowed.types().toString(), timer.timerType() + ": reject");
      ruling.reject(
          NoteCode.DISAPPEARING_TIMER_TYPE_UNSUPPORTED,
          "disappearing_timer.types",
          null,
          Reasons.UNSUPPORTED_EVENT,
          "Timers that start "
              + (timer.timerType() == TimerType.AFTER_READ
                  ? "when a message is read"
                  : "when a message is sent")
              + " are not supported here.");
      return List.of();
    }
    if (!allowed.timers().isEmpty() && !allowed.timers().contains(timer.timer())) {
      StringBuilder offered = new StringBuilder();
      for (Long value : allowed.timers()) {
        offered.append(offered.length() == 0 ? "" : ", ").append(Texts.humanMillis(value));
      }
      ruling.check("disappearing_timer.timers", offered.toString(), timer.timer() + " ms: reject");
      ruling.reject(
          NoteCode.DISAPPEARING_TIMER_VALUE_UNSUPPORTED,
          "disappearing_timer.timers",
          null,
          Reasons.UNSUPPORTED_EVENT,
          "A timer of "
              + Texts.humanMillis(timer.timer())
              + " is not offered here (offered: "
              + offered
              + "); Triage does not pick another one.");
      return List.of();
    }
    ruling.check("disappearing_timer", "present", timer.timer() + " ms: allowed");
    return List.of(timer);
  }
}
