package dev.triage.format;

import dev.triage.capability.Level;
import java.util.List;
import java.util.Set;

/**
 * What formatting did to a message's HTML.
 *
 * @param html the HTML to send, or {@code null} when no formatting is left: always Triage's
 *     serialization of the sanitized DOM (or, from the fast path, a string byte for byte the same),
 *     which a parser reads back as that DOM; never the caller's string as it came
 * @param text the plain-text rendering of {@code html} (the original text when nothing changed)
 * @param used the features the original HTML used
 * @param changes each feature degraded (level 0 fallback or level -1 removal), in document order
 * @param sanitized what was removed as outside the Matrix spec ({@code <script>}, …)
 * @param rejection the feature that rejects the message, or {@code null}
 */
public record Formatted(
    String html,
    String text,
    Set<FormattingFeature> used,
    List<Change> changes,
    List<String> sanitized,
    Change rejection) {

  public Formatted {
    used = Set.copyOf(used);
    changes = List.copyOf(changes);
    sanitized = List.copyOf(sanitized);
  }

  /** Whether the HTML or text differs from what was given. */
  public boolean changed() {
    return !changes.isEmpty() || !sanitized.isEmpty();
  }

  /**
   * One feature's treatment.
   *
   * @param feature the feature
   * @param level its level in the chat
   * @param message what happened, in words
   */
  public record Change(FormattingFeature feature, Level level, String message) {}
}
