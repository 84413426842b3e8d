package dev.triage.sidecar.appservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the proxy learned from the transaction stream itself, so edit and delete limits and reaction
 * counts hold without the bridge saying anything: recent events by id (when a message was sent, who
 * sent it, its text for a reply's quote, whether it is a poll or a reaction), and each sender's
 * reactions per message. Bounded: the most recent {@code capacity} events; older ones are
 * forgotten, and an event the proxy never saw is simply unknown (the mediator lets it through with
 * a note).
 */
final class StreamMemory {
  private final Cache<String, ObjectNode> events;

  /** "target\0sender" → reaction event ids, as they came. */
  private final Map<String, List<String>> reactions = new ConcurrentHashMap<>();

  /** Message event id → how often the stream has seen it edited. */
  private final Cache<String, Integer> edits;

  private final int capacity;

  StreamMemory(int capacity) {
    this.capacity = capacity;
    this.events =
        Caffeine.newBuilder()
            .maximumSize(capacity)
            .removalListener(
                (String id,
                    ObjectNode event,
                    com.github.benmanes.caffeine.cache.RemovalCause cause) ->
                    forgetReaction(id, event))
            .build();
    this.edits = Caffeine.newBuilder().maximumSize(capacity).build();
  }

  /** Remembers an event the bridge was given (or that the room state said). */
  void remember(ObjectNode event) {
    String id = event.path("event_id").asText(null);
    if (id == null) {
      return;
    }
    events.put(id, event);
    if ("m.reaction".equals(event.path("type").asText())) {
      String target = event.path("content").path("m.relates_to").path("event_id").asText(null);
      String sender = event.path("sender").asText("");
      if (target != null) {
        reactions.compute(
            target + '\u0000' + sender,
            (k, list) -> {
              List<String> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
              next.add(id);
              // A sender has a handful of reactions on one message; this bounds a hostile one.
              return next.size() > 64 ? next.subList(next.size() - 64, next.size()) : next;
            });
      }
    }
    JsonNode relation = event.path("content").path("m.relates_to");
    if ("m.replace".equals(relation.path("rel_type").asText()) && relation.hasNonNull("event_id")) {
      edits.asMap().merge(relation.get("event_id").asText(), 1, Integer::sum);
    }
    if ("m.room.redaction".equals(event.path("type").asText())) {
      String redacts =
          event.hasNonNull("redacts")
              ? event.get("redacts").asText()
              : event.path("content").path("redacts").asText(null);
      if (redacts != null) {
        ObjectNode gone = events.getIfPresent(redacts);
        if (gone != null) {
          forgetReaction(redacts, gone);
        }
      }
    }
  }

  private void forgetReaction(String id, ObjectNode event) {
    if (event == null || !"m.reaction".equals(event.path("type").asText())) {
      return;
    }
    String target = event.path("content").path("m.relates_to").path("event_id").asText(null);
    String key = target + '\u0000' + event.path("sender").asText("");
    reactions.computeIfPresent(
        key,
        (k, list) -> {
          List<String> next = new ArrayList<>(list);
          next.remove(id);
          return next.isEmpty() ? null : next;
        });
  }

  /**
   * The events an event refers to that the proxy remembers: the target of an edit, redaction,
   * reaction or reply, and for a reaction the sender's own reactions on the same message.
   */
  Map<String, ObjectNode> related(ObjectNode event) {
    Map<String, ObjectNode> related = new LinkedHashMap<>();
    ObjectNode content =
        event.path("content").isObject() ? (ObjectNode) event.get("content") : null;
    List<String> targets = new ArrayList<>();
    if (content != null) {
      targets.add(content.path("m.relates_to").path("event_id").asText(null));
      targets.add(content.path("m.relates_to").path("m.in_reply_to").path("event_id").asText(null));
      targets.add(content.path("redacts").asText(null));
    }
    targets.add(event.path("redacts").asText(null));
    for (String target : targets) {
      if (target != null && !target.isEmpty()) {
        ObjectNode known = events.getIfPresent(target);
        if (known != null) {
          related.put(target, known);
        }
      }
    }
    if ("m.reaction".equals(event.path("type").asText()) && content != null) {
      String target = content.path("m.relates_to").path("event_id").asText(null);
      List<String> mine =
          reactions.getOrDefault(target + '\u0000' + event.path("sender").asText(""), List.of());
      for (String id : mine) {
        ObjectNode reaction = events.getIfPresent(id);
        if (reaction != null) {
          related.put(id, reaction);
        }
      }
    }
    return related;
  }

  /**
   * How often the stream has seen the message edited, or {@code null} if it never saw the message.
   */
  Integer edits(String messageID) {
    Integer count = edits.getIfPresent(messageID);
    return count != null ? count : events.getIfPresent(messageID) != null ? 0 : null;
  }

  /** How many events are remembered now, for metrics. */
  long size() {
    return events.estimatedSize();
  }

  int capacity() {
    return capacity;
  }
}
