package dev.triage.matrix;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.verdict.Decision;
import dev.triage.verdict.Note;
import dev.triage.verdict.Verdict;
import java.util.List;
import java.util.Objects;

/**
 * A verdict written back as Matrix: the events to send in order, the {@code
 * com.beeper.message_send_status} content to report, and the {@code m.notice} a bridge with error
 * notices on sends when the event was not bridged.
 *
 * @param decision the decision; for a receipt or typing that named several users, the one all of
 *     their verdicts share
 * @param events what to send, in order: the original event untouched for a forward, the changed
 *     ones for a degrade, none for a drop or reject
 * @param notes the verdicts' notes
 * @param status the {@code com.beeper.message_send_status} content, as bridgev2 builds it, or
 *     {@code null}: present for a reject, a drop (FAIL_PERMANENT for the sender's own content,
 *     SUCCESS for a change that changes nothing) and a degrade with notes (SUCCESS, the notes'
 *     messages); absent for forwards and for receipts and typing
 * @param notice the content of the {@code m.notice} bridgev2 sends when {@code
 *     message_error_notices} is on and the event failed, or {@code null}; sending it is the
 *     caller's choice
 * @param verdicts the verdicts written, one per action read
 * @param unwritten what could not be written, in words: a reaction to remove whose event id is
 *     unknown (give the sender's reaction events as related events); empty normally
 */
public record MatrixAnswer(
    Decision decision,
    List<OutgoingEvent> events,
    List<Note> notes,
    ObjectNode status,
    ObjectNode notice,
    List<Verdict> verdicts,
    List<String> unwritten) {

  /** The event type of {@link #status()}. */
  public static final String STATUS_EVENT_TYPE = MatrixEventTypes.MESSAGE_SEND_STATUS;

  public MatrixAnswer {
    Objects.requireNonNull(decision, "decision");
    events = List.copyOf(events);
    notes = List.copyOf(notes);
    verdicts = List.copyOf(verdicts);
    unwritten = List.copyOf(unwritten);
  }

  /**
   * {@code {decision, events, notes, status?, notice?, unwritten?}}: what the sidecar answers and
   * {@code check --matrix} prints; {@code status} and {@code notice} as {@code {type, content}}.
   */
  public ObjectNode toJson() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode out = json.objectNode().put("decision", decision.wireName());
    ArrayNode written = out.putArray("events");
    events.forEach(event -> written.add(event.toJson()));
    ArrayNode notesOut = out.putArray("notes");
    for (Note note : notes) {
      ObjectNode n = notesOut.addObject();
      n.put("code", note.code().code());
      n.put("capability", note.capability());
      if (note.level() != null) {
        n.put("level", note.level().value());
      }
      n.put("message", note.message());
    }
    if (status != null) {
      ObjectNode s = out.putObject("status").put("type", STATUS_EVENT_TYPE);
      s.set("content", status.deepCopy());
    }
    if (notice != null) {
      ObjectNode n = out.putObject("notice").put("type", MatrixEventTypes.MESSAGE);
      n.set("content", notice.deepCopy());
    }
    if (!unwritten.isEmpty()) {
      ArrayNode missing = out.putArray("unwritten");
      unwritten.forEach(missing::add);
    }
    return out;
  }
}
