package dev.triage.action;

import java.util.Optional;

/** The msgtype of a text message. */
public enum TextType {
  TEXT("m.text"),
  NOTICE("m.notice"),
  EMOTE("m.emote");

  private final String wireName;

  TextType(String wireName) {
    this.wireName = wireName;
  }

  /** The Matrix msgtype. */
  public String wireName() {
    return wireName;
  }

  /** The type for a Matrix msgtype, if it is a text msgtype. */
  public static Optional<TextType> fromWireName(String name) {
    for (TextType type : values()) {
      if (type.wireName.equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
