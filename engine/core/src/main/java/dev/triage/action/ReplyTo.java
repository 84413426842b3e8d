package dev.triage.action;

/**
 * The message a message replies to.
 *
 * @param messageID the original message
 * @param sender the original sender's display name, for a quote fallback, or {@code null}
 * @param text the original text, for a quote fallback, or {@code null}
 */
public record ReplyTo(String messageID, String sender, String text) {
  public ReplyTo {
    Action.requireText(messageID, "replyTo.messageID");
  }

  /** A reply to a message of which nothing else is known. */
  public static ReplyTo of(String messageID) {
    return new ReplyTo(messageID, null, null);
  }
}
