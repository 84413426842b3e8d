package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import java.util.List;

/**
 * The rule for one kind of action: what to send, given the chat's capabilities, with what it found
 * recorded in the ruling. After a rejection or a drop what it returns is not sent.
 *
 * @param <A> the kind of action
 */
@FunctionalInterface
interface Rule<A extends Action> {
  List<Action> apply(A action, Capabilities caps, Ruling ruling);

  /**
   * A feature that is the action itself and has no fallback: whether the action goes on. Levels 1
   * and 2 keep it; 0 rejects it; -1 drops it; -2 rejects it.
   */
  static boolean withoutFallback(Ruling ruling, String capability, Level level, String label) {
    switch (ruling.whole(capability, level, label)) {
      case KEEP:
        return true;
      case FALLBACK:
        ruling.unsupported(capability, level, label);
        return false;
      default:
        return false;
    }
  }

  /** The action alone when it goes on, else nothing. */
  static List<Action> onlyIf(boolean goesOn, Action action) {
    return goesOn ? List.of(action) : List.of();
  }
}
