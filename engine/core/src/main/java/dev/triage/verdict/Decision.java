package dev.triage.verdict;

/** What Triage decided for one action. */
public enum Decision {
  /** The network supports everything the action uses: the action is sent unchanged. */
  FORWARD("forward"),
  /** Something is unsupported but a fallback exists, or a part was dropped: transformed actions. */
  DEGRADE("degrade"),
  /**
   * The whole action is something the network silently ignores, or a change that changes nothing:
   * nothing is sent. A signal (receipt, typing, archive, unread marker) or a no-op is a success;
   * the sender's own content (a message, edit, file, location, poll, …) is a permanent failure.
   */
  DROP("drop"),
  /** The network refuses it: nothing is sent; a permanent failure with a reason. */
  REJECT("reject");

  private final String wireName;

  Decision(String wireName) {
    this.wireName = wireName;
  }

  /** The value of {@code "decision"} on the wire. */
  public String wireName() {
    return wireName;
  }
}
