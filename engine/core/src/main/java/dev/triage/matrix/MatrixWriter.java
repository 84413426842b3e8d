package dev.triage.matrix;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.action.Reaction;
import dev.triage.verdict.Decision;
import dev.triage.verdict.Note;
import dev.triage.verdict.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes verdicts back as Matrix events: a forward is the original event untouched; a degrade is
 * the original content with only what the degrade changes rewritten ({@code body}, {@code format},
 * {@code formatted_body}, {@code msgtype}, relations), every key Triage does not read ({@code
 * m.mentions}, {@code com.beeper.*}, …) kept on the first event; a drop or reject sends nothing.
 * With it, the {@code com.beeper.message_send_status} content bridgev2 would send (MATRIX.md §3)
 * and the text of its error {@code m.notice}.
 *
 * <p>Later parts of a degrade (the rest of a split text, a caption sent after its file) carry only
 * their msgtype, text, and the thread when in one. A reaction that replaces the sender's oldest is
 * written as an {@code m.room.redaction} of that reaction's event (known from the related events)
 * and then the reaction. Thread-safe: stateless.
 */
public final class MatrixWriter {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private MatrixWriter() {}

  /** Writes the verdict of a read with one action. */
  public static MatrixAnswer write(MatrixRead read, Verdict verdict) {
    return write(read, List.of(verdict));
  }

  /**
   * Writes the verdicts of a read, one per action in {@link MatrixRead#actions()}.
   *
   * @throws IllegalArgumentException when the read has no actions, or the verdicts do not match
   *     them one for one
   */
  public static MatrixAnswer write(MatrixRead read, List<Verdict> verdicts) {
    Objects.requireNonNull(read, "read");
    if (!read.isMediated()) {
      throw new IllegalArgumentException("a " + read.kind() + " read has nothing to write");
    }
    if (verdicts.size() != read.actions().size()) {
      throw new IllegalArgumentException(
          read.actions().size() + " actions but " + verdicts.size() + " verdicts");
    }
    Decision decision = combined(verdicts);
    List<String> unwritten = new ArrayList<>();
    List<OutgoingEvent> events = new ArrayList<>();
    if (verdicts.size() == 1 && decision == Decision.DEGRADE) {
      events.addAll(degrade(read, verdicts.get(0), unwritten));
    } else if (decision == Decision.FORWARD || decision == Decision.DEGRADE) {
      events.add(original(read));
    }
    Set<Note> notes = new LinkedHashSet<>();
    verdicts.forEach(v -> notes.addAll(v.notes()));
    ObjectNode status = StatusWriter.status(read, decision, verdicts, List.copyOf(notes));
    ObjectNode notice = StatusWriter.notice(read, status);
    return new MatrixAnswer(
        decision, events, List.copyOf(notes), status, notice, verdicts, unwritten);
  }

  /** One decision for the verdicts of one event: theirs when they agree (they do in practice). */
  private static Decision combined(List<Verdict> verdicts) {
    Decision first = verdicts.get(0).decision();
    boolean same = true;
    boolean sends = false;
    boolean rejects = false;
    for (Verdict verdict : verdicts) {
      same &= verdict.decision() == first;
      sends |= verdict.sends();
      rejects |= verdict.decision() == Decision.REJECT;
    }
    if (same) {
      return first;
    }
    return sends ? Decision.DEGRADE : rejects ? Decision.REJECT : Decision.DROP;
  }

  /** The event as it came: type, state key, redacts, and a copy of the untouched content. */
  private static OutgoingEvent original(MatrixRead read) {
    ObjectNode event = read.source();
    return new OutgoingEvent(
        read.eventType(),
        event.path("state_key").isTextual() ? event.get("state_key").textValue() : null,
        event.path("redacts").isTextual() ? event.get("redacts").textValue() : null,
        read.content().deepCopy());
  }

  // --- degrade ------------------------------------------------------------------------------

  private static List<OutgoingEvent> degrade(
      MatrixRead read, Verdict verdict, List<String> unwritten) {
    Action source = read.actions().get(0);
    List<OutgoingEvent> out = new ArrayList<>(verdict.actions().size());
    List<Action> actions = verdict.actions();
    MessageRewrite base = null;
    for (int i = 0; i < actions.size(); i++) {
      Action action = actions.get(i);
      if (action instanceof Reaction && source instanceof Reaction) {
        Reaction reaction = (Reaction) action;
        if (reaction.remove()) {
          String id = read.reactionEventIDs().get(reaction.key());
          if (id == null) {
            unwritten.add(
                "the reaction "
                    + reaction.key()
                    + " to remove to make room: its event id is unknown (give the sender's"
                    + " reaction events as related events)");
          } else {
            out.add(
                new OutgoingEvent(
                    MatrixEventTypes.REDACTION, null, id, JSON.objectNode().put("redacts", id)));
          }
        } else {
          out.add(original(read));
        }
      } else if (action instanceof Edit && source instanceof Edit) {
        out.add(EditRewrite.editKept(read, (Edit) source, (Edit) action));
      } else if (action instanceof Message) {
        if (base == null) {
          base = MessageRewrite.of(read, source);
        }
        out.add(i == 0 ? base.first((Message) action) : base.later((Message) action));
      } else if (action.equals(source)) {
        out.add(original(read));
      } else {
        throw new IllegalStateException(
            "cannot write a " + action.type().wireName() + " made of " + read.eventType());
      }
    }
    return out;
  }
}
