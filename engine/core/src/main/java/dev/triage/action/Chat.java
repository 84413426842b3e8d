package dev.triage.action;

/**
 * Acting on the chat itself: archive, read state, delete, accept a message request.
 *
 * @param id the client's transaction id, or {@code null}
 * @param chatID the target chat, or {@code null}
 * @param action what to do
 */
public record Chat(String id, String chatID, ChatOperation action) implements Action {
  public Chat {
    if (action == null) {
      throw new IllegalArgumentException("action is required");
    }
  }

  @Override
  public ActionType type() {
    return ActionType.CHAT;
  }
}
