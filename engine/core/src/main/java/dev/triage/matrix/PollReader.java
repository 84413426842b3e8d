package dev.triage.matrix;

import static dev.triage.matrix.MatrixEventTypes.NEW_CONTENT;
import static dev.triage.matrix.MatrixEventTypes.RELATES_TO;
import static dev.triage.matrix.MatrixEventTypes.REPLACE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.action.Edit;
import dev.triage.action.EditTarget;
import dev.triage.action.Poll;
import dev.triage.json.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** Reads a poll start (MSC3381, unstable or stable), and an edit of one. */
final class PollReader {
  private final EventEnvelope event;

  PollReader(EventEnvelope event) {
    this.event = event;
  }

  Action poll() {
    ObjectNode relation = EventJson.optionalObject(event.content(), RELATES_TO, "content");
    String relationPath = EventJson.child("content", RELATES_TO);
    if (relation != null && REPLACE.equals(EventJson.string(relation, "rel_type", relationPath))) {
      // bridgev2 handleMatrixMessage: an edit of a poll is refused whatever the chat allows.
      String target = EventJson.requiredText(relation, "event_id", relationPath);
      ObjectNode newContent = EventJson.optionalObject(event.content(), NEW_CONTENT, "content");
      String question = null;
      try {
        question =
            newContent == null
                ? pollOf(event.content(), "content").question()
                : pollOf(newContent, EventJson.child("content", NEW_CONTENT)).question();
      } catch (InvalidInputException | Unreadable e) {
        // The edit is refused whatever it says; a question is only its text.
      }
      return new Edit(
          event.eventID(),
          event.roomID(),
          target,
          EventEnvelope.sentAt(target, event.related().get(target)),
          null,
          question == null ? "(poll)" : question,
          null,
          null,
          EditTarget.POLL);
    }
    return pollOf(event.content(), "content");
  }

  private Poll pollOf(ObjectNode c, String path) {
    boolean stable = EventJson.get(c, "m.poll") != null;
    String key = stable ? "m.poll" : MatrixEventTypes.POLL_START_UNSTABLE;
    ObjectNode start = EventJson.requiredObject(c, key, path);
    String startPath = EventJson.child(path, key);
    ObjectNode question = EventJson.requiredObject(start, "question", startPath);
    String questionText = pollText(question, EventJson.child(startPath, "question"), stable);
    JsonNode answersNode = EventJson.get(start, "answers");
    String answersPath = EventJson.child(startPath, "answers");
    if (answersNode == null) {
      throw new InvalidInputException(answersPath, "is required");
    }
    if (!answersNode.isArray()) {
      throw new InvalidInputException(
          answersPath, "must be an array, got " + EventJson.describe(answersNode));
    }
    if (answersNode.isEmpty()) {
      throw new InvalidInputException(answersPath, "must list at least one answer");
    }
    List<String> options = new ArrayList<>(answersNode.size());
    for (int i = 0; i < answersNode.size(); i++) {
      String answerPath = answersPath + "[" + i + "]";
      options.add(pollText(EventJson.object(answersNode.get(i), answerPath), answerPath, stable));
    }
    Integer max = EventJson.smallNumber(start, "max_selections", startPath);
    if (max != null && max < 1) {
      throw new InvalidInputException(
          EventJson.child(startPath, "max_selections"), "must be at least 1, got " + max);
    }
    // "Up to 5" of 3 answers is "any of them": the same poll, so clamped rather than refused.
    Integer maxSelections = max == null ? null : Math.min(max, options.size());
    return new Poll(event.eventID(), event.roomID(), questionText, options, maxSelections);
  }

  /**
   * A poll question or answer's text: MSC3381 unstable ({@code org.matrix.msc1767.text}, else
   * {@code body}, else the plain entry of {@code org.matrix.msc1767.message}) or stable ({@code
   * m.text}: a list of {@code {body, mimetype?}}, the plain one first).
   */
  private static String pollText(ObjectNode node, String path, boolean stable) {
    String text;
    if (stable) {
      text = textBlock(node, "m.text", path);
    } else {
      text = EventJson.string(node, "org.matrix.msc1767.text", path);
      if (text == null) {
        text = EventJson.string(node, "body", path);
      }
      if (text == null) {
        text = textBlock(node, "org.matrix.msc1767.message", path);
      }
    }
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(path, "has no text");
    }
    return text;
  }

  /** The plain-text body of an extensible-events text block, or {@code null} when absent. */
  private static String textBlock(ObjectNode node, String key, String path) {
    JsonNode block = EventJson.get(node, key);
    if (block == null) {
      return null;
    }
    String blockPath = EventJson.child(path, key);
    if (!block.isArray()) {
      throw new InvalidInputException(
          blockPath, "must be an array, got " + EventJson.describe(block));
    }
    String first = null;
    for (int i = 0; i < block.size(); i++) {
      String entryPath = blockPath + "[" + i + "]";
      ObjectNode entry = EventJson.object(block.get(i), entryPath);
      String mimeType = EventJson.string(entry, "mimetype", entryPath);
      String body = EventJson.requiredString(entry, "body", entryPath);
      if (mimeType == null || mimeType.equals("text/plain")) {
        return body;
      }
      if (first == null) {
        first = body;
      }
    }
    return first;
  }
}
