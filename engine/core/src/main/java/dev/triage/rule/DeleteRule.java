package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.Delete;
import dev.triage.capability.Capabilities;
import dev.triage.verdict.NoteCode;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Deletes: for everyone, the level and {@code delete_max_age}; for me, {@code delete_for_me}, never
 * widened to a delete for everyone.
 */
final class DeleteRule implements Rule<Delete> {
  private final Clock clock;

  DeleteRule(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<Action> apply(Delete delete, Capabilities caps, Ruling ruling) {
    if (!delete.forEveryone()) {
      // Safety: a delete for me never becomes a delete for everyone.
      return Rule.onlyIf(
          Flag.DELETE_FOR_ME.allows(
              ruling,
              caps.deleteForMe(),
              NoteCode.DELETE_FOR_ME_UNSUPPORTED,
              "Deleting a message only for yourself is not supported here; it was not deleted for"
                  + " everyone either."),
          delete);
    }
    return Rule.onlyIf(
        Rule.withoutFallback(ruling, "delete", caps.delete(), "Deleting messages for everyone")
            && Limit.allowsAge(
                ruling,
                clock,
                "delete_max_age",
                caps.deleteMaxAge(),
                delete.sentAt(),
                NoteCode.DELETE_AGE_UNKNOWN,
                NoteCode.DELETE_TOO_OLD,
                "deleted"),
        delete);
  }
}
