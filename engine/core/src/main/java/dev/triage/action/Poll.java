package dev.triage.action;

import java.util.List;

/**
 * A poll.
 *
 * @param id the client's transaction id, or {@code null}
 * @param chatID the target chat, or {@code null}
 * @param question the question
 * @param options the answers, at least one, none empty
 * @param maxSelections how many answers one voter may pick, or {@code null} for one
 */
public record Poll(
    String id, String chatID, String question, List<String> options, Integer maxSelections)
    implements Action {
  public Poll {
    Action.requireText(question, "question");
    if (options == null || options.isEmpty()) {
      throw new IllegalArgumentException("options must list at least one answer");
    }
    for (int i = 0; i < options.size(); i++) {
      if (options.get(i) == null || options.get(i).isBlank()) {
        throw new IllegalArgumentException("options[" + i + "] must not be blank");
      }
    }
    options = List.copyOf(options);
    if (maxSelections != null && (maxSelections < 1 || maxSelections > options.size())) {
      throw new IllegalArgumentException(
          "maxSelections must be between 1 and the number of options (" + options.size() + ")");
    }
  }

  @Override
  public ActionType type() {
    return ActionType.POLL;
  }
}
