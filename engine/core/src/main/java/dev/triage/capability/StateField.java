package dev.triage.capability;

import java.util.Optional;

/**
 * The chat state a sender can change. The Desktop API and room_features name the same four things
 * differently; both names are read.
 */
public enum StateField {
  TITLE("m.room.name", "title"),
  DESCRIPTION("m.room.topic", "description"),
  AVATAR("m.room.avatar", "avatar"),
  DISAPPEARING_TIMER("com.beeper.disappearing_timer", "disappearingTimer");

  private final String eventType;
  private final String desktopKey;

  StateField(String eventType, String desktopKey) {
    this.eventType = eventType;
    this.desktopKey = desktopKey;
  }

  /** The Matrix state event type that room_features keys this field by. */
  public String eventType() {
    return eventType;
  }

  /** The key the Desktop API uses, which is also the action wire name where one exists. */
  public String desktopKey() {
    return desktopKey;
  }

  /** The field for either spelling of its key. */
  public static Optional<StateField> fromKey(String key) {
    for (StateField field : values()) {
      if (field.eventType.equals(key) || field.desktopKey.equals(key)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }
}
