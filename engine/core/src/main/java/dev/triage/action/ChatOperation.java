package dev.triage.action;

import java.util.Optional;

/** What a {@link Chat} action does to the chat. */
public enum ChatOperation {
  ARCHIVE("archive"),
  UNARCHIVE("unarchive"),
  MARK_UNREAD("markUnread"),
  MARK_READ("markRead"),
  DELETE("delete"),
  DELETE_FOR_EVERYONE("deleteForEveryone"),
  ACCEPT_REQUEST("acceptRequest");

  private final String wireName;

  ChatOperation(String wireName) {
    this.wireName = wireName;
  }

  /** The value of {@code "action"} on the wire. */
  public String wireName() {
    return wireName;
  }

  /** The operation for a wire name, if there is one. */
  public static Optional<ChatOperation> fromWireName(String name) {
    for (ChatOperation op : values()) {
      if (op.wireName.equals(name)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
