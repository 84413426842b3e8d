package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.Reaction;
import dev.triage.capability.Capabilities;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Reasons;
import java.util.ArrayList;
import java.util.List;

/**
 * Reactions: the level, custom emoji, {@code allowed_reactions}, a reaction the sender already has
 * (a no-op), and {@code reaction_count}, at which the sender's oldest reaction is replaced.
 */
final class ReactionRule {
  private static final Limit.Unknown COUNT_UNKNOWN =
      new Limit.Unknown(
          "existing unknown",
          NoteCode.REACTION_COUNT_UNKNOWN,
          limit ->
              "This chat allows "
                  + limit
                  + " reaction(s) per sender on a message, but how many you have is unknown.");

  private ReactionRule() {}

  static List<Action> apply(Reaction reaction, Capabilities caps, Ruling ruling) {
    if (!Rule.withoutFallback(ruling, "reaction", caps.reaction(), "Reactions")) {
      return List.of();
    }
    if (reaction.remove()) {
      // Removing never adds exposure and the limits are about adding.
      return List.of(reaction);
    }
    if (reaction.isCustomEmoji()) {
      if (!Flag.CUSTOM_EMOJI_REACTIONS.allows(
          ruling,
          caps.customEmojiReactions(),
          NoteCode.REACTION_CUSTOM_EMOJI_UNSUPPORTED,
          "Custom emoji reactions are not supported here.")) {
        return List.of();
      }
    } else if (caps.allowedReactions() != null) {
      boolean allowed = isAllowed(reaction.key(), caps.allowedReactions());
      ruling.check(
          "allowed_reactions",
          caps.allowedReactions().size() + " emoji",
          reaction.key() + (allowed ? ": allowed" : ": not allowed, reject"));
      if (!allowed) {
        ruling.reject(
            NoteCode.REACTION_NOT_ALLOWED,
            "allowed_reactions",
            null,
            Reasons.UNSUPPORTED_EVENT,
            "The reaction " + reaction.key() + " is not one this chat allows.");
        return List.of();
      }
    }
    if (reaction.existingKeys() != null) {
      String same = sameReaction(reaction.key(), reaction.existingKeys());
      if (same != null) {
        // bridgev2 portal.go handleMatrixReaction: a reaction the sender already has is ignored
        // with a success status.
        ruling.check("reaction", caps.reaction(), "the sender already has " + same + ": no-op");
        ruling.noOp(
            NoteCode.REACTION_DUPLICATE,
            "reaction",
            "You already reacted with " + same + " here; nothing needed sending.");
        return List.of();
      }
    }
    int limit = caps.reactionCount();
    Limit count = Limit.of("reaction_count", limit);
    // This reaction would be number existing + 1.
    Integer existing = reaction.existing();
    if (count.fits(
        ruling, existing == null ? null : existing + 1L, String.valueOf(existing), COUNT_UNKNOWN)) {
      return List.of(reaction);
    }
    // At the limit bridgev2 (portal.go handleMatrixReaction) and the networks replace the
    // sender's oldest reactions rather than refuse the new one.
    if (reaction.existingKeys() == null) {
      count.over(ruling, existing + ", keys unknown: the network replaces");
      ruling.note(
          NoteCode.REACTION_COUNT_EXCEEDED,
          "reaction_count",
          null,
          "This chat allows "
              + limit
              + " reaction(s) per sender on a message; the network replaces your oldest with this"
              + " one.");
      return List.of(reaction);
    }
    List<String> keys = reaction.existingKeys();
    int excess = keys.size() - limit + 1;
    List<String> oldest = keys.subList(0, excess);
    count.over(ruling, keys.size() + ": remove the oldest " + excess);
    ruling.degrade(
        NoteCode.REACTION_REPLACED_OLDEST,
        "reaction_count",
        null,
        "This chat allows "
            + limit
            + " reaction(s) per sender on a message; your oldest ("
            + String.join(" ", oldest)
            + ") "
            + (excess == 1 ? "was" : "were")
            + " removed to make room.");
    List<Action> out = new ArrayList<>(excess + 1);
    for (String old : oldest) {
      out.add(
          new Reaction(reaction.id(), reaction.chatID(), reaction.messageID(), old, true, null));
    }
    out.add(
        Reaction.adding(
            reaction.id(),
            reaction.chatID(),
            reaction.messageID(),
            reaction.key(),
            keys.subList(excess, keys.size())));
    return out;
  }

  /** The existing key that is the same reaction as {@code key} (ignoring U+FE0F), or null. */
  private static String sameReaction(String key, List<String> existing) {
    String bare = key.replace("\uFE0F", "");
    for (String candidate : existing) {
      if (candidate.equals(key) || candidate.replace("\uFE0F", "").equals(bare)) {
        return candidate;
      }
    }
    return null;
  }

  /** Emoji match exactly, or once variation selector 16 is ignored on both sides. */
  private static boolean isAllowed(String key, List<String> allowed) {
    if (allowed.contains(key)) {
      return true;
    }
    String bare = key.replace("\uFE0F", "");
    for (String candidate : allowed) {
      if (candidate.replace("\uFE0F", "").equals(bare)) {
        return true;
      }
    }
    return false;
  }
}
