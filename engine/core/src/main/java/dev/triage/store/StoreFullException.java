package dev.triage.store;

/**
 * A new chat the store has no room for: it lists as many chats as it may ({@code server.maxChats}).
 * Chats it lists already may still change, and removing one makes room.
 */
public final class StoreFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String chatID;
  private final int limit;

  public StoreFullException(String chatID, int limit) {
    super(
        "cannot list chat "
            + chatID
            + ": the capability store already lists "
            + limit
            + " chats, its limit (server.maxChats); remove chats it no longer needs, or raise"
            + " server.maxChats");
    this.chatID = chatID;
    this.limit = limit;
  }

  /** The chat that was refused. */
  public String chatID() {
    return chatID;
  }

  /** How many chats the store may list. */
  public int limit() {
    return limit;
  }
}
