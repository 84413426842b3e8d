package dev.triage.matrix;

import static dev.triage.matrix.MatrixEventTypes.IN_REPLY_TO;
import static dev.triage.matrix.MatrixEventTypes.RELATES_TO;
import static dev.triage.matrix.MatrixEventTypes.THREAD;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.action.ReadReceipt;
import dev.triage.action.Typing;
import dev.triage.verdict.Decision;
import dev.triage.verdict.Note;
import dev.triage.verdict.SendStatus;
import dev.triage.verdict.Status;
import dev.triage.verdict.Verdict;
import java.util.List;

/**
 * Writes what the sender is told of a verdict, as bridgev2 tells it: the {@code
 * com.beeper.message_send_status} content and the error {@code m.notice}.
 */
final class StatusWriter {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private StatusWriter() {}

  /**
   * The message send status bridgev2 would send (bridgev2 messagestatus.go ToMSSEvent): {@code
   * m.relates_to} (a reference to the event), {@code status}, {@code reason} (failures only),
   * {@code message}, {@code relates_to_txn_id} when the sender's transaction id is known; never
   * {@code network}, {@code error} or {@code last_retry}.
   */
  static ObjectNode status(
      MatrixRead read, Decision decision, List<Verdict> verdicts, List<Note> notes) {
    String eventID = read.eventID();
    if (eventID == null || isSignal(read)) {
      return null;
    }
    Status status;
    String reason = null;
    String message;
    switch (decision) {
      case FORWARD:
        return null;
      case DEGRADE:
        if (notes.isEmpty()) {
          return null;
        }
        status = Status.SUCCESS;
        StringBuilder messages = new StringBuilder();
        for (Note note : notes) {
          messages.append(messages.length() == 0 ? "" : " ").append(note.message());
        }
        message = messages.toString();
        break;
      default:
        SendStatus sendStatus = firstStatus(verdicts);
        status = sendStatus.status();
        // A success carries no reason, as bridgev2's success statuses carry none.
        reason = status == Status.SUCCESS ? null : sendStatus.reason();
        message = sendStatus.message();
    }
    ObjectNode content = JSON.objectNode();
    content
        .putObject(RELATES_TO)
        .put("rel_type", MatrixEventTypes.REFERENCE)
        .put("event_id", eventID);
    content.put("status", status.name());
    if (reason != null) {
      content.put("reason", reason);
    }
    content.put("message", message);
    String txnID = read.transactionID();
    if (txnID != null && !txnID.isEmpty()) {
      content.put("relates_to_txn_id", txnID);
    }
    return content;
  }

  private static SendStatus firstStatus(List<Verdict> verdicts) {
    for (Verdict verdict : verdicts) {
      if (verdict.status() != null) {
        return verdict.status();
      }
    }
    throw new IllegalStateException("a drop or reject without a status");
  }

  private static boolean isSignal(MatrixRead read) {
    for (Action action : read.actions()) {
      if (!(action instanceof ReadReceipt) && !(action instanceof Typing)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The error notice bridgev2 sends for a failure when {@code message_error_notices} is on
   * (messagestatus.go ToNoticeEvent): never for a success, nor for an m.notice.
   */
  static ObjectNode notice(MatrixRead read, ObjectNode status) {
    if (status == null || Status.SUCCESS.name().equals(status.path("status").asText())) {
      return null;
    }
    if ("m.notice".equals(read.content().path("msgtype").asText(null))) {
      return null;
    }
    String what;
    switch (read.eventType()) {
      case MatrixEventTypes.REACTION:
        what = "reaction";
        break;
      case MatrixEventTypes.REDACTION:
        what = "redaction";
        break;
      default:
        what = "message";
    }
    ObjectNode notice = JSON.objectNode();
    notice.put("msgtype", "m.notice");
    notice.put(
        "body",
        "\u26a0\ufe0f Your " + what + " was not bridged: " + status.get("message").asText());
    ObjectNode mentions = notice.putObject("m.mentions");
    if (read.sender() != null) {
      mentions.putArray("user_ids").add(read.sender());
    }
    ObjectNode relation = notice.putObject(RELATES_TO);
    JsonNode sourceRelation = read.content().path(RELATES_TO);
    String threadRoot =
        THREAD.equals(sourceRelation.path("rel_type").asText(null))
                && sourceRelation.path("event_id").isTextual()
            ? sourceRelation.get("event_id").textValue()
            : null;
    if (threadRoot != null) {
      relation.put("rel_type", THREAD).put("event_id", threadRoot);
      relation.putObject(IN_REPLY_TO).put("event_id", read.eventID());
      relation.put("is_falling_back", true);
    } else {
      relation.putObject(IN_REPLY_TO).put("event_id", read.eventID());
    }
    return notice;
  }
}
