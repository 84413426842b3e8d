package dev.triage.capability;

import java.util.Optional;

/** When a disappearing message's timer starts. */
public enum TimerType {
  AFTER_READ("after_read", "afterRead"),
  AFTER_SEND("after_send", "afterSend");

  private final String snakeName;
  private final String camelName;

  TimerType(String snakeName, String camelName) {
    this.snakeName = snakeName;
    this.camelName = camelName;
  }

  /** The room_features value. */
  public String snakeName() {
    return snakeName;
  }

  /** The Desktop API value, also the action wire value. */
  public String camelName() {
    return camelName;
  }

  /** The name in the given spelling. */
  public String name(Spelling spelling) {
    return spelling == Spelling.ROOM_FEATURES ? snakeName : camelName;
  }

  /** The type for either spelling. */
  public static Optional<TimerType> fromName(String name) {
    for (TimerType type : values()) {
      if (type.snakeName.equals(name) || type.camelName.equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
