package dev.triage.verdict;

import dev.triage.capability.Level;
import java.util.Objects;

/**
 * One thing Triage noticed or changed while deciding.
 *
 * @param code a stable code from the {@link NoteCode} catalog
 * @param capability the capability field that caused it, in room_features spelling ({@code edit},
 *     {@code file.m.image.max_size}, {@code formatting.bold}, …)
 * @param level the capability's level, or {@code null} where the field is a limit or a boolean
 * @param message what happened, in words a user can read
 */
public record Note(NoteCode code, String capability, Level level, String message) {
  public Note {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(capability, "capability");
    Objects.requireNonNull(message, "message");
  }
}
