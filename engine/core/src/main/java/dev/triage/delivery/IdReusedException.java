package dev.triage.delivery;

/**
 * An action id used again in the same chat for a different action. The first action keeps the id:
 * its answer is not given to the second, and the second is not delivered. A client that meant a new
 * action must give it a new id.
 */
public final class IdReusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String chatID;
  private final String id;

  public IdReusedException(String chatID, String id) {
    super(
        "id "
            + id
            + " was already used in chat "
            + chatID
            + " for a different action; give a new action a new id (a repeat must be the same"
            + " action to get the first answer)");
    this.chatID = chatID;
    this.id = id;
  }

  /** The chat. */
  public String chatID() {
    return chatID;
  }

  /** The id used twice. */
  public String id() {
    return id;
  }
}
