package dev.triage.action;

import java.util.Optional;

/** What kind of message an {@link Edit} changes, by its wire name ({@code "targetType"}). */
public enum EditTarget {
  /** A message: text, or a file and its caption. The default. */
  MESSAGE("message"),
  /** A poll (an edit of a poll start event); bridgev2 refuses these. */
  POLL("poll");

  private final String wireName;

  EditTarget(String wireName) {
    this.wireName = wireName;
  }

  /** The value of {@code "targetType"} on the wire. */
  public String wireName() {
    return wireName;
  }

  /** The target for a wire name, if there is one. */
  public static Optional<EditTarget> fromWireName(String name) {
    for (EditTarget target : values()) {
      if (target.wireName.equals(name)) {
        return Optional.of(target);
      }
    }
    return Optional.empty();
  }
}
