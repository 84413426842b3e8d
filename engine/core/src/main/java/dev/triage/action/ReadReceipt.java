package dev.triage.action;

/**
 * Telling the network a message was read.
 *
 * @param id the client's transaction id, or {@code null}
 * @param chatID the target chat, or {@code null}
 * @param messageID the last message read
 */
public record ReadReceipt(String id, String chatID, String messageID) implements Action {
  public ReadReceipt {
    Action.requireText(messageID, "messageID");
  }

  @Override
  public ActionType type() {
    return ActionType.READ_RECEIPT;
  }
}
