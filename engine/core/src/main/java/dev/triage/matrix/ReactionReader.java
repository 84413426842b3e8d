package dev.triage.matrix;

import static dev.triage.matrix.MatrixEventTypes.ANNOTATION;
import static dev.triage.matrix.MatrixEventTypes.RELATES_TO;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.action.Delete;
import dev.triage.action.Reaction;
import dev.triage.json.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads reactions and redactions, which go together: a redaction of a reaction is that reaction's
 * removal. A reaction is read with the sender's reactions already on the message, taken from the
 * related events.
 */
final class ReactionReader {
  private final EventEnvelope event;

  ReactionReader(EventEnvelope event) {
    this.event = event;
  }

  MatrixRead reaction() {
    ObjectNode relation = EventJson.requiredObject(event.content(), RELATES_TO, "content");
    String path = EventJson.child("content", RELATES_TO);
    String relationType = EventJson.requiredString(relation, "rel_type", path);
    if (!ANNOTATION.equals(relationType)) {
      throw new InvalidInputException(
          EventJson.child(path, "rel_type"),
          "must be m.annotation for a reaction, got \"" + relationType + "\"");
    }
    String target = EventJson.requiredText(relation, "event_id", path);
    String key = EventJson.requiredString(relation, "key", path);
    if (key.isEmpty()) {
      throw new InvalidInputException(EventJson.child(path, "key"), "must not be empty");
    }
    // The sender's reactions on the same message among the related events: oldest first.
    List<Existing> existing = new ArrayList<>();
    for (Map.Entry<String, ObjectNode> entry : event.related().asMap().entrySet()) {
      Existing reaction = existingReaction(entry.getKey(), entry.getValue(), target);
      if (reaction != null) {
        existing.add(reaction);
      }
    }
    existing.sort(Comparator.comparingLong(Existing::sentAt));
    Map<String, String> ids = new LinkedHashMap<>();
    for (Existing reaction : existing) {
      ids.putIfAbsent(reaction.key(), reaction.eventID());
    }
    Reaction action =
        ids.isEmpty()
            ? new Reaction(event.eventID(), event.roomID(), target, key, false, null)
            : Reaction.adding(
                event.eventID(), event.roomID(), target, key, List.copyOf(ids.keySet()));
    return MatrixRead.actions(
        event.source(), List.of(action), Collections.singletonList(event.sender()), ids);
  }

  /** A related event that is this sender's reaction on {@code target}, or {@code null}. */
  private Existing existingReaction(String id, ObjectNode candidate, String target) {
    String path = RelatedEvents.path(id);
    if (id.equals(event.eventID())
        || !MatrixEventTypes.REACTION.equals(EventJson.requiredString(candidate, "type", path))) {
      return null;
    }
    String sender = event.sender();
    String candidateSender = EventJson.string(candidate, "sender", path);
    if (sender != null && candidateSender != null && !sender.equals(candidateSender)) {
      return null;
    }
    ObjectNode c = EventJson.requiredObject(candidate, "content", path);
    ObjectNode relation = EventJson.requiredObject(c, RELATES_TO, EventJson.child(path, "content"));
    String relationPath = EventJson.child(EventJson.child(path, "content"), RELATES_TO);
    if (!target.equals(EventJson.string(relation, "event_id", relationPath))
        || !ANNOTATION.equals(EventJson.string(relation, "rel_type", relationPath))) {
      return null;
    }
    String key = EventJson.requiredString(relation, "key", relationPath);
    if (key.isEmpty()) {
      return null;
    }
    Long sentAt = EventJson.wholeNumber(candidate, "origin_server_ts", path);
    return new Existing(id, key, sentAt == null ? Long.MAX_VALUE : sentAt);
  }

  private record Existing(String eventID, String key, long sentAt) {}

  Action redaction() {
    // Before room version 11 redacts is at the top level; from 11 in the content. Servers
    // often send both; bridgev2 (portal.go handleMatrixRedaction) prefers the top level.
    String top = EventJson.string(event.source(), "redacts", "");
    String inContent = EventJson.string(event.content(), "redacts", "content");
    String target = top != null ? top : inContent;
    if (target == null) {
      throw new InvalidInputException(
          "redacts",
          "is required: at the top level before room version 11, content.redacts from 11");
    }
    if (target.isBlank()) {
      throw new InvalidInputException(
          top != null ? "redacts" : "content.redacts", "must not be empty");
    }
    ObjectNode redacted = event.related().get(target);
    if (redacted != null) {
      String path = RelatedEvents.path(target);
      if (MatrixEventTypes.REACTION.equals(EventJson.requiredString(redacted, "type", path))) {
        ObjectNode c = EventJson.requiredObject(redacted, "content", path);
        String contentPath = EventJson.child(path, "content");
        ObjectNode relation = EventJson.requiredObject(c, RELATES_TO, contentPath);
        String relationPath = EventJson.child(contentPath, RELATES_TO);
        String message = EventJson.requiredText(relation, "event_id", relationPath);
        String key = EventJson.requiredString(relation, "key", relationPath);
        if (key.isEmpty()) {
          throw new InvalidInputException(
              EventJson.child(relationPath, "key"), "must not be empty");
        }
        return new Reaction(event.eventID(), event.roomID(), message, key, true, null);
      }
    }
    return new Delete(
        event.eventID(), event.roomID(), target, EventEnvelope.sentAt(target, redacted), true);
  }
}
