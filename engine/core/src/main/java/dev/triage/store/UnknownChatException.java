package dev.triage.store;

/** A chat the store does not know, with no default network to fall back to. */
public final class UnknownChatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String chatID;

  public UnknownChatException(String chatID) {
    super(
        "unknown chat "
            + chatID
            + ": it has no capabilities and no default network is configured;"
            + " set its capabilities or configure defaultNetwork");
    this.chatID = chatID;
  }

  /** The chat that was asked for. */
  public String chatID() {
    return chatID;
  }
}
