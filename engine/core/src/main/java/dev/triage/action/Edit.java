package dev.triage.action;

/**
 * A change to a sent message's text.
 *
 * @param id the client's transaction id, or {@code null}
 * @param chatID the target chat, or {@code null}
 * @param messageID the message edited
 * @param sentAt when the message was sent, epoch milliseconds, or {@code null} if unknown
 * @param editCount how often the message was edited before, or {@code null} if unknown
 * @param text the new plain text
 * @param html the new {@code org.matrix.custom.html}, or {@code null}
 */
public record Edit(
    String id,
    String chatID,
    String messageID,
    Long sentAt,
    Integer editCount,
    String text,
    String html)
    implements Action {
  public Edit {
    Action.requireText(messageID, "messageID");
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("text is required and must not be empty");
    }
    if (editCount != null && editCount < 0) {
      throw new IllegalArgumentException("editCount must not be negative");
    }
  }

  @Override
  public ActionType type() {
    return ActionType.EDIT;
  }
}
