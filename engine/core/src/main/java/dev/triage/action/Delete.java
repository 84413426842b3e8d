package dev.triage.action;

/**
 * Deleting a sent message, for everyone or only for the sender.
 *
 * @param id the client's transaction id, or {@code null}
 * @param chatID the target chat, or {@code null}
 * @param messageID the message deleted
 * @param sentAt when the message was sent, epoch milliseconds, or {@code null} if unknown
 * @param forEveryone true to delete for everyone: the chat's ordinary delete, and what a Matrix
 *     redaction is (so an omitted {@code forEveryone} on the wire means true); false for the sender
 *     only, which needs {@code delete_for_me} and is never widened to everyone
 */
public record Delete(String id, String chatID, String messageID, Long sentAt, boolean forEveryone)
    implements Action {
  public Delete {
    Action.requireText(messageID, "messageID");
  }

  @Override
  public ActionType type() {
    return ActionType.DELETE;
  }
}
