package dev.triage.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.action.ReadReceipt;
import dev.triage.action.Typing;
import dev.triage.json.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads ephemeral events: read receipts and typing. Unlike the others, one of them may be the
 * actions of several users, so each action comes with its own user.
 */
final class EphemeralReader {
  private final EventEnvelope event;

  EphemeralReader(EventEnvelope event) {
    this.event = event;
  }

  MatrixRead receipt() {
    List<Action> actions = new ArrayList<>();
    List<String> users = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = event.content().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String path = EventJson.child("content", entry.getKey());
      ObjectNode byType = EventJson.object(entry.getValue(), path);
      // bridgev2 handleMatrixReceipts bridges m.read only; m.read.private stays on Matrix.
      ObjectNode read = EventJson.optionalObject(byType, "m.read", path);
      if (read == null) {
        continue;
      }
      String readPath = EventJson.child(path, "m.read");
      for (Iterator<Map.Entry<String, JsonNode>> users2 = read.fields(); users2.hasNext(); ) {
        Map.Entry<String, JsonNode> user = users2.next();
        EventJson.object(user.getValue(), EventJson.child(readPath, user.getKey()));
        if (entry.getKey().isBlank()) {
          throw new InvalidInputException(path, "a receipt's event id must not be empty");
        }
        actions.add(new ReadReceipt(null, event.roomID(), entry.getKey()));
        users.add(user.getKey());
      }
    }
    if (actions.isEmpty()) {
      return event.notMediated("a receipt with no m.read (private receipts stay on Matrix)");
    }
    return MatrixRead.actions(event.source(), actions, users, Map.of());
  }

  MatrixRead typing() {
    JsonNode ids = EventJson.get(event.content(), "user_ids");
    if (ids == null) {
      throw new InvalidInputException("content.user_ids", "is required");
    }
    if (!ids.isArray()) {
      throw new InvalidInputException(
          "content.user_ids", "must be an array, got " + EventJson.describe(ids));
    }
    List<Action> actions = new ArrayList<>();
    List<String> users = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      JsonNode id = ids.get(i);
      if (!id.isTextual() || id.textValue().isBlank()) {
        throw new InvalidInputException(
            "content.user_ids[" + i + "]", "must be a user id, got " + EventJson.describe(id));
      }
      actions.add(new Typing(null, event.roomID(), true));
      users.add(id.textValue());
    }
    if (actions.isEmpty()) {
      // Nobody is typing. Who stopped is not in the event: bridgev2 diffs against the list it
      // saw before; a caller that keeps it can tell.
      actions.add(new Typing(null, event.roomID(), false));
      users.add(null);
    }
    return MatrixRead.actions(event.source(), actions, users, Map.of());
  }
}
