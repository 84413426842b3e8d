package dev.triage.action;

import java.util.Optional;

/** The kinds of outbound action, by their wire name ({@code "type"}). */
public enum ActionType {
  MESSAGE("message"),
  EDIT("edit"),
  DELETE("delete"),
  REACTION("reaction"),
  POLL("poll"),
  LOCATION("location"),
  STATE("state"),
  DISAPPEARING_TIMER("disappearingTimer"),
  MEMBER("member"),
  CHAT("chat"),
  READ_RECEIPT("readReceipt"),
  TYPING("typing");

  private final String wireName;

  ActionType(String wireName) {
    this.wireName = wireName;
  }

  /** The value of {@code "type"} on the wire. */
  public String wireName() {
    return wireName;
  }

  /** The type for a wire name, if there is one. */
  public static Optional<ActionType> fromWireName(String name) {
    for (ActionType type : values()) {
      if (type.wireName.equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
