package dev.triage.action;

/**
 * Starting or stopping a typing notification.
 *
 * @param id the client's transaction id, or {@code null}
 * @param chatID the target chat, or {@code null}
 * @param typing true while typing
 */
public record Typing(String id, String chatID, boolean typing) implements Action {
  @Override
  public ActionType type() {
    return ActionType.TYPING;
  }
}
