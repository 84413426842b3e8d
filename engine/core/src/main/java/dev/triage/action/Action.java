package dev.triage.action;

/**
 * An outbound action a bridge wants to send to a chat. Each kind is a record; dispatch on {@link
 * #type()}.
 *
 * <p>Every action may carry a client {@link #id()} (a transaction id, echoed back and used for
 * idempotency) and a {@link #chatID()}; both may be {@code null}.
 */
public sealed interface Action
    permits Message,
        Edit,
        Delete,
        Reaction,
        Poll,
        Location,
        State,
        DisappearingTimer,
        Member,
        Chat,
        ReadReceipt,
        Typing {

  /** The client's transaction id, or {@code null}. */
  String id();

  /** The target chat, or {@code null} when the caller names it elsewhere. */
  String chatID();

  /** The kind of action. */
  ActionType type();

  /** Requires a non-null, non-blank value; used by the records' compact constructors. */
  static String requireText(String value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return value;
  }
}
