package dev.triage.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.json.InvalidInputException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Events the caller already knows that an event refers to, by event id: the message an edit
 * replaces, a redaction removes, a reaction or a reply points at, and the sender's own reactions on
 * a message. From them the reader takes what the event itself does not say: when the target was
 * sent ({@code origin_server_ts}), the replied-to sender and text, whether a redaction removes a
 * reaction, whether an edit targets a poll, and the sender's existing reactions (oldest first, with
 * the event ids a replace-oldest redaction needs).
 *
 * <p>Each related event is client-server JSON with at least {@code type} and {@code content}; its
 * id is the map key. Immutable.
 */
public final class RelatedEvents {
  private static final RelatedEvents NONE = new RelatedEvents(Map.of());

  private final Map<String, ObjectNode> events;

  private RelatedEvents(Map<String, ObjectNode> events) {
    this.events = events;
  }

  /** No related events: fields only they could give stay unknown ({@code null}). */
  public static RelatedEvents none() {
    return NONE;
  }

  /**
   * Related events by event id. Each must be a JSON object; its fields are checked when used, with
   * errors that name {@code related["<event id>"]}.
   *
   * @throws InvalidInputException when a value is not an object or a key is empty
   */
  public static RelatedEvents of(Map<String, ? extends JsonNode> events) {
    Objects.requireNonNull(events, "events");
    Map<String, ObjectNode> copy = new LinkedHashMap<>();
    for (Map.Entry<String, ? extends JsonNode> entry : events.entrySet()) {
      String id = entry.getKey();
      if (id == null || id.isBlank()) {
        throw new InvalidInputException("related", "an event id must not be empty");
      }
      copy.put(id, EventJson.object(entry.getValue(), path(id)));
    }
    return new RelatedEvents(Collections.unmodifiableMap(copy));
  }

  /**
   * Reads {@code {"<event id>": {event}, …}}, as the sidecar takes it; {@code null} or JSON null is
   * none.
   *
   * @throws InvalidInputException naming {@code related} or the entry at fault
   */
  public static RelatedEvents read(JsonNode related) {
    if (related == null || related.isNull()) {
      return NONE;
    }
    ObjectNode object = EventJson.object(related, "related");
    Map<String, JsonNode> events = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      events.put(entry.getKey(), entry.getValue());
    }
    return of(events);
  }

  /** The related event with this id, or {@code null}. */
  public ObjectNode get(String eventID) {
    return eventID == null ? null : events.get(eventID);
  }

  /** Every related event by id, in the order given. */
  public Map<String, ObjectNode> asMap() {
    return events;
  }

  /** How many there are. */
  public int size() {
    return events.size();
  }

  /** The path errors use for a related event: {@code related["$id"]}. */
  static String path(String eventID) {
    return EventJson.child("related", eventID);
  }
}
