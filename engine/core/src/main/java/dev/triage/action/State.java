package dev.triage.action;

import dev.triage.capability.StateField;

/**
 * Changing the chat's title, description or avatar.
 *
 * @param id the client's transaction id, or {@code null}
 * @param chatID the target chat, or {@code null}
 * @param field {@link StateField#TITLE}, {@link StateField#DESCRIPTION} or {@link
 *     StateField#AVATAR}; the timer has its own action, {@link DisappearingTimer}
 * @param value the new value; empty clears it
 * @param current the field's value on the network now, when the caller knows it, or {@code null}: a
 *     {@code value} equal to it changes nothing and is not sent
 */
public record State(String id, String chatID, StateField field, String value, String current)
    implements Action {
  public State {
    if (field == null) {
      throw new IllegalArgumentException("field is required");
    }
    if (field == StateField.DISAPPEARING_TIMER) {
      throw new IllegalArgumentException(
          "field disappearingTimer is set with a disappearingTimer action");
    }
    if (value == null) {
      throw new IllegalArgumentException("value is required (an empty string clears the field)");
    }
  }

  /** A change whose field's current value is unknown. */
  public State(String id, String chatID, StateField field, String value) {
    this(id, chatID, field, value, null);
  }

  @Override
  public ActionType type() {
    return ActionType.STATE;
  }
}
