package dev.triage.verdict;

/** The message-status reasons Triage uses, from the Matrix/Beeper vocabulary. */
public final class Reasons {
  /** The network does not support what was sent. */
  public static final String UNSUPPORTED_EVENT = "com.beeper.unsupported_event";

  /**
   * The event waited too long to be sent (a send timeout). Not for capability limits: a message too
   * old to edit or delete, or edited too often, is {@link #UNSUPPORTED_EVENT}, as in bridgev2.
   */
  public static final String EVENT_TOO_OLD = "m.event_too_old";

  /** The event was not handled: used for drops, which the network never hears of. */
  public static final String EVENT_NOT_HANDLED = "m.event_not_handled";

  /** The sender may not do this. */
  public static final String NO_PERMISSION = "m.no_permission";

  /** The network answered with an error. */
  public static final String FOREIGN_NETWORK_ERROR = "m.foreign_network_error";

  /** The bridge or network could not be reached. */
  public static final String BRIDGE_UNAVAILABLE = "m.bridge_unavailable";

  private Reasons() {}
}
