package dev.triage.action;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Adding or removing a reaction.
 *
 * <p>What the sender already has on the message is given one of two ways ({@code existing} on the
 * wire): as a number, enough to check {@code reaction_count}; or as the keys themselves, oldest
 * first, which lets Triage remove the oldest when the chat's limit is reached (as bridgev2 does)
 * and recognise a reaction the sender already has.
 *
 * @param id the client's transaction id, or {@code null}
 * @param chatID the target chat, or {@code null}
 * @param messageID the message reacted to
 * @param key the emoji, or an {@code mxc://} URI for a custom emoji
 * @param remove true to remove the reaction
 * @param existing how many reactions the sender already has on the message, or {@code null}; with
 *     {@code existingKeys}, their number (given or not)
 * @param existingKeys the sender's reactions on the message, oldest first, or {@code null} when
 *     unknown
 */
public record Reaction(
    String id,
    String chatID,
    String messageID,
    String key,
    boolean remove,
    Integer existing,
    List<String> existingKeys)
    implements Action {
  public Reaction {
    Action.requireText(messageID, "messageID");
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key is required and must not be empty");
    }
    if (existing != null && existing < 0) {
      throw new IllegalArgumentException("existing must not be negative");
    }
    if (existingKeys != null) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < existingKeys.size(); i++) {
        String existingKey = existingKeys.get(i);
        if (existingKey == null || existingKey.isEmpty()) {
          throw new IllegalArgumentException("existing[" + i + "] must not be empty");
        }
        if (!seen.add(existingKey)) {
          throw new IllegalArgumentException("existing[" + i + "] lists " + existingKey + " twice");
        }
      }
      existingKeys = List.copyOf(existingKeys);
      if (existing == null) {
        existing = existingKeys.size();
      } else if (existing != existingKeys.size()) {
        throw new IllegalArgumentException(
            "existing is " + existing + " but lists " + existingKeys.size() + " keys");
      }
    }
  }

  /** A reaction whose sender's existing reactions are known only by number, or not at all. */
  public Reaction(
      String id, String chatID, String messageID, String key, boolean remove, Integer existing) {
    this(id, chatID, messageID, key, remove, existing, null);
  }

  /** Adding {@code key}, with the sender's reactions on the message so far, oldest first. */
  public static Reaction adding(
      String id, String chatID, String messageID, String key, List<String> existingKeys) {
    return new Reaction(id, chatID, messageID, key, false, null, existingKeys);
  }

  @Override
  public ActionType type() {
    return ActionType.REACTION;
  }

  /** Whether the key is a custom (image) emoji rather than a Unicode one. */
  public boolean isCustomEmoji() {
    return key.startsWith("mxc://");
  }

  /** The same reaction with an id (for the extra parts of a degrade). */
  public Reaction withId(String newId) {
    return new Reaction(newId, chatID, messageID, key, remove, existing, existingKeys);
  }
}
