package dev.triage.matrix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link MatrixReader} made of one Matrix event: the Triage actions it is ({@link
 * Kind#ACTIONS}), or why it is none ({@link Kind#NOT_MEDIATED}, {@link Kind#UNREADABLE}). It keeps
 * the event, so that {@link MatrixWriter} can write the verdict back as Matrix events that change
 * only what the verdict changes.
 *
 * <p>Immutable; the event it holds is a private copy.
 */
public final class MatrixRead {
  /** What kind of result a read is. */
  public enum Kind {
    /** The event is one or more actions to mediate (several only for a receipt or typing). */
    ACTIONS,
    /**
     * A known event that is no action Triage mediates (a join, a profile change, room creation, a
     * poll vote, a redacted event, …): pass it on untouched; {@link #reason()} says why.
     */
    NOT_MEDIATED,
    /**
     * An event Triage cannot read: encrypted, of a type or msgtype it does not know, or without
     * what deciding needs (a file without a MIME type). Never guessed; {@link #reason()} says why.
     */
    UNREADABLE
  }

  private final Kind kind;
  private final String reason;
  private final ObjectNode event;
  private final List<Action> actions;
  private final List<String> users;
  private final Map<String, String> reactionEventIDs;

  private MatrixRead(
      Kind kind,
      String reason,
      ObjectNode event,
      List<Action> actions,
      List<String> users,
      Map<String, String> reactionEventIDs) {
    this.kind = kind;
    this.reason = reason;
    this.event = event;
    this.actions = List.copyOf(actions);
    // A user may be unknown (null): typing that stopped names nobody.
    this.users = Collections.unmodifiableList(new ArrayList<>(users));
    this.reactionEventIDs = Collections.unmodifiableMap(new LinkedHashMap<>(reactionEventIDs));
  }

  static MatrixRead actions(
      ObjectNode event,
      List<Action> actions,
      List<String> users,
      Map<String, String> reactionEventIDs) {
    if (actions.isEmpty() || actions.size() != users.size()) {
      throw new IllegalArgumentException("one user per action, and at least one action");
    }
    return new MatrixRead(Kind.ACTIONS, null, event, actions, users, reactionEventIDs);
  }

  static MatrixRead notMediated(ObjectNode event, String reason) {
    return new MatrixRead(
        Kind.NOT_MEDIATED, Objects.requireNonNull(reason), event, List.of(), List.of(), Map.of());
  }

  static MatrixRead unreadable(ObjectNode event, String reason) {
    return new MatrixRead(
        Kind.UNREADABLE, Objects.requireNonNull(reason), event, List.of(), List.of(), Map.of());
  }

  /**
   * This read with its actions replaced, one for one: for a caller that knows more than the event
   * says (how often a message was edited, from the stream it has seen).
   *
   * @throws IllegalArgumentException when this read has no actions, or the count differs
   */
  public MatrixRead withActions(List<Action> replaced) {
    if (kind != Kind.ACTIONS || replaced.size() != actions.size()) {
      throw new IllegalArgumentException("one action for each of the " + actions.size() + " read");
    }
    return new MatrixRead(kind, reason, event, replaced, users, reactionEventIDs);
  }

  /** Actions, not mediated, or unreadable. */
  public Kind kind() {
    return kind;
  }

  /** Whether there are actions to mediate. */
  public boolean isMediated() {
    return kind == Kind.ACTIONS;
  }

  /** Why the event is not mediated or cannot be read; {@code null} for {@link Kind#ACTIONS}. */
  public String reason() {
    return reason;
  }

  /**
   * The actions, in order: one for most events; one per user and event for a receipt, one per user
   * for typing. Empty unless {@link Kind#ACTIONS}. Each carries the event id as its {@code id} and
   * the room id as its {@code chatID} (either {@code null} when the event has none).
   */
  public List<Action> actions() {
    return actions;
  }

  /**
   * The Matrix user each action is for, in the order of {@link #actions()}: the event's sender, or
   * for a receipt or typing the user it names ({@code null} when the event names none).
   */
  public List<String> users() {
    return users;
  }

  /** The event's {@code type}. */
  public String eventType() {
    return event.path("type").asText();
  }

  /** The event's {@code event_id}, or {@code null} (ephemeral events have none). */
  public String eventID() {
    return text("event_id");
  }

  /** The event's {@code room_id}, or {@code null}. */
  public String roomID() {
    return text("room_id");
  }

  /** The event's {@code sender}, or {@code null}. */
  public String sender() {
    return text("sender");
  }

  /** The sender's transaction id ({@code unsigned.transaction_id}), or {@code null}. */
  public String transactionID() {
    return event.path("unsigned").path("transaction_id").isTextual()
        ? event.path("unsigned").path("transaction_id").textValue()
        : null;
  }

  /** A copy of the event as read. */
  public ObjectNode event() {
    return event.deepCopy();
  }

  /** The event itself, for the writer: never handed out. */
  ObjectNode source() {
    return event;
  }

  /** The event's content, for the writer: never handed out. */
  ObjectNode content() {
    return (ObjectNode) event.get("content");
  }

  /**
   * The event ids of the sender's existing reactions on the reacted-to message, by key: what a
   * replace-oldest redaction needs. Empty when no related reactions were given.
   */
  Map<String, String> reactionEventIDs() {
    return reactionEventIDs;
  }

  private String text(String field) {
    return event.path(field).isTextual() ? event.get(field).textValue() : null;
  }

  @Override
  public String toString() {
    return "MatrixRead["
        + kind
        + " "
        + eventType()
        + (reason != null ? ": " + reason : " " + actions)
        + "]";
  }
}
