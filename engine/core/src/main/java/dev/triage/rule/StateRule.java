package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.State;
import dev.triage.capability.Capabilities;
import dev.triage.capability.StateField;
import dev.triage.verdict.NoteCode;
import java.util.List;

/**
 * The chat's title, description and avatar: a value equal to the current one is a no-op; else the
 * level of {@code state.<event type>}, with no fallback.
 */
final class StateRule {
  private StateRule() {}

  static List<Action> apply(State state, Capabilities caps, Ruling ruling) {
    String capability = "state." + state.field().eventType();
    String label = label(state.field());
    if (state.value().equals(state.current())) {
      // bridgev2 portal.go handleMatrixRoomMeta: a name, topic or avatar equal to the portal's
      // is answered with a success status and not sent.
      ruling.check(capability, "current " + state.current(), "the value is unchanged: no-op");
      ruling.noOp(
          NoteCode.STATE_UNCHANGED,
          capability,
          label + ": the new value is the current one; nothing needed sending.");
      return List.of();
    }
    return Rule.onlyIf(
        Rule.withoutFallback(ruling, capability, caps.stateLevel(state.field()), label), state);
  }

  /** What setting the field is called in notes. */
  static String label(StateField field) {
    switch (field) {
      case TITLE:
        return "Changing the chat title";
      case DESCRIPTION:
        return "Changing the chat description";
      case AVATAR:
        return "Changing the chat avatar";
      case DISAPPEARING_TIMER:
        return "Disappearing-message timers";
      default:
        throw new AssertionError(field);
    }
  }
}
