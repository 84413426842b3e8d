package dev.triage.action;

/**
 * Adding or removing a reaction.
 *
 * @param id the client's transaction id, or {@code null}
 * @param chatID the target chat, or {@code null}
 * @param messageID the message reacted to
 * @param key the emoji, or an {@code mxc://} URI for a custom emoji
 * @param remove true to remove the reaction
 * @param existing how many reactions the sender already has on the message, or {@code null}
 */
public record Reaction(
    String id, String chatID, String messageID, String key, boolean remove, Integer existing)
    implements Action {
  public Reaction {
    Action.requireText(messageID, "messageID");
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key is required and must not be empty");
    }
    if (existing != null && existing < 0) {
      throw new IllegalArgumentException("existing must not be negative");
    }
  }

  @Override
  public ActionType type() {
    return ActionType.REACTION;
  }

  /** Whether the key is a custom (image) emoji rather than a Unicode one. */
  public boolean isCustomEmoji() {
    return key.startsWith("mxc://");
  }
}
