package dev.triage.verdict;

import dev.triage.action.Action;
import java.util.List;
import java.util.Objects;

/**
 * Triage's answer for one action.
 *
 * @param decision forward, degrade, drop or reject
 * @param actions what to send, in order: the action itself for forward, the transformed actions for
 *     degrade, none for drop and reject
 * @param notes what Triage noticed or changed, with codes from {@link NoteCode}
 * @param status for drop and reject, the send status to report; {@code null} otherwise
 * @param explanation every capability consulted, when an explanation was asked for; else empty
 */
public record Verdict(
    Decision decision,
    List<Action> actions,
    List<Note> notes,
    SendStatus status,
    List<Check> explanation) {

  public Verdict {
    Objects.requireNonNull(decision, "decision");
    actions = List.copyOf(actions);
    notes = List.copyOf(notes);
    explanation = List.copyOf(explanation);
    boolean sends = decision == Decision.FORWARD || decision == Decision.DEGRADE;
    if (sends == actions.isEmpty()) {
      throw new IllegalArgumentException(
          decision.wireName() + (sends ? " needs actions to send" : " sends no actions"));
    }
    if (sends == (status != null)) {
      throw new IllegalArgumentException(
          "a status goes with drop and reject only, not with " + decision.wireName());
    }
  }

  /** Whether anything is sent. */
  public boolean sends() {
    return !actions.isEmpty();
  }

  /** Whether a note with this code is present. */
  public boolean hasNote(NoteCode code) {
    for (Note note : notes) {
      if (note.code() == code) {
        return true;
      }
    }
    return false;
  }
}
