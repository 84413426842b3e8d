package dev.triage.matrix;

import static dev.triage.matrix.MatrixEventTypes.ANNOTATION;
import static dev.triage.matrix.MatrixEventTypes.GIF_KEY;
import static dev.triage.matrix.MatrixEventTypes.HTML_FORMAT;
import static dev.triage.matrix.MatrixEventTypes.IN_REPLY_TO;
import static dev.triage.matrix.MatrixEventTypes.NEW_CONTENT;
import static dev.triage.matrix.MatrixEventTypes.RELATES_TO;
import static dev.triage.matrix.MatrixEventTypes.REPLACE;
import static dev.triage.matrix.MatrixEventTypes.THREAD;
import static dev.triage.matrix.MatrixEventTypes.VOICE_KEY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.action.Attachment;
import dev.triage.action.Chat;
import dev.triage.action.ChatOperation;
import dev.triage.action.Delete;
import dev.triage.action.DisappearingTimer;
import dev.triage.action.Edit;
import dev.triage.action.EditTarget;
import dev.triage.action.Location;
import dev.triage.action.Member;
import dev.triage.action.Message;
import dev.triage.action.Poll;
import dev.triage.action.Reaction;
import dev.triage.action.ReadReceipt;
import dev.triage.action.ReplyTo;
import dev.triage.action.State;
import dev.triage.action.TextType;
import dev.triage.action.Typing;
import dev.triage.capability.MemberOperation;
import dev.triage.capability.StateField;
import dev.triage.capability.TimerType;
import dev.triage.json.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Matrix event in client-server JSON ({@code type}, {@code content}, {@code sender}, {@code
 * event_id}, {@code room_id}, {@code origin_server_ts}, {@code state_key}, {@code redacts}, {@code
 * unsigned}) into the Triage actions it is, the way mautrix-go's bridgev2 reads what it bridges.
 *
 * <pre>{@code
 * MatrixRead read = MatrixReader.read(TriageJson.parse(eventJson), RelatedEvents.none());
 * if (read.isMediated()) {
 *   List<Verdict> verdicts = read.actions().stream().map(a -> mediator.mediate(a, caps)).toList();
 *   MatrixAnswer answer = MatrixWriter.write(read, verdicts);
 * }
 * }</pre>
 *
 * <p>A malformed event (no {@code type}, a {@code content} that is no object, a field of the wrong
 * JSON type) is an {@link InvalidInputException} naming its path ({@code content.info.size}, {@code
 * content["m.relates_to"].event_id}); an event Triage cannot read is {@link
 * MatrixRead.Kind#UNREADABLE}, one it does not mediate {@link MatrixRead.Kind#NOT_MEDIATED}, each
 * with a reason. Thread-safe: stateless.
 */
public final class MatrixReader {
  private MatrixReader() {}

  /** Reads an event with no related events. */
  public static MatrixRead read(JsonNode event) {
    return read(event, RelatedEvents.none());
  }

  /**
   * Reads an event, taking from {@code related} what the event itself does not say.
   *
   * @throws InvalidInputException when the event (or a related event it needs) is malformed
   */
  public static MatrixRead read(JsonNode event, RelatedEvents related) {
    ObjectNode copy = EventJson.object(event, "").deepCopy();
    return new Reading(copy, related == null ? RelatedEvents.none() : related).read();
  }

  /** An event Triage cannot read; caught where the read ends. */
  private static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreadable(String reason) {
      super(reason, null, false, false);
    }
  }

  /** One read: the event's envelope, checked once, and the per-type readers. */
  private static final class Reading {
    private final ObjectNode event;
    private final RelatedEvents related;
    private final String type;
    private final ObjectNode content;
    private final String eventID;
    private final String roomID;
    private final String sender;
    private final String stateKey;

    Reading(ObjectNode event, RelatedEvents related) {
      this.event = event;
      this.related = related;
      this.type = EventJson.requiredText(event, "type", "");
      this.content = EventJson.object(event.get("content"), "content");
      this.eventID = EventJson.string(event, "event_id", "");
      this.roomID = EventJson.string(event, "room_id", "");
      this.sender = EventJson.string(event, "sender", "");
      this.stateKey = EventJson.string(event, "state_key", "");
      EventJson.wholeNumber(event, "origin_server_ts", "");
      EventJson.string(event, "redacts", "");
      ObjectNode unsigned = EventJson.optionalObject(event, "unsigned", "");
      if (unsigned != null) {
        EventJson.string(unsigned, "transaction_id", "unsigned");
        EventJson.optionalObject(unsigned, "prev_content", "unsigned");
      }
    }

    MatrixRead read() {
      try {
        return readType();
      } catch (Unreadable e) {
        return MatrixRead.unreadable(event, e.getMessage());
      } catch (IllegalArgumentException e) {
        // What the action records refuse and the checks above did not name: the content.
        throw new InvalidInputException("content", e.getMessage());
      }
    }

    private MatrixRead readType() {
      if (isRedacted()) {
        return MatrixRead.notMediated(
            event, "the event was redacted: its content is gone, nothing to mediate");
      }
      switch (type) {
        case MatrixEventTypes.MESSAGE:
          return one(message(false));
        case MatrixEventTypes.STICKER:
          return one(message(true));
        case MatrixEventTypes.POLL_START_UNSTABLE:
        case MatrixEventTypes.POLL_START:
          return one(poll());
        case MatrixEventTypes.REACTION:
          return reaction();
        case MatrixEventTypes.REDACTION:
          return one(redaction());
        case MatrixEventTypes.NAME:
          return state(StateField.TITLE, "name");
        case MatrixEventTypes.TOPIC:
          return state(StateField.DESCRIPTION, "topic");
        case MatrixEventTypes.AVATAR:
          return state(StateField.AVATAR, "url");
        case MatrixEventTypes.DISAPPEARING_TIMER:
          return disappearingTimer();
        case MatrixEventTypes.MEMBER:
          return member();
        case MatrixEventTypes.DELETE_CHAT:
          Boolean forEveryone = EventJson.bool(content, "delete_for_everyone", "content");
          return one(
              new Chat(
                  eventID,
                  roomID,
                  forEveryone != null && forEveryone
                      ? ChatOperation.DELETE_FOR_EVERYONE
                      : ChatOperation.DELETE));
        case MatrixEventTypes.ACCEPT_MESSAGE_REQUEST:
          return one(new Chat(eventID, roomID, ChatOperation.ACCEPT_REQUEST));
        case MatrixEventTypes.RECEIPT:
          return receipt();
        case MatrixEventTypes.TYPING:
          return typing();
        case MatrixEventTypes.ENCRYPTED:
          throw new Unreadable(
              "m.room.encrypted: the content is encrypted, so Triage cannot read it; pass it on"
                  + " untouched");
        default:
          String what = MatrixEventTypes.NOT_ACTIONS.get(type);
          if (what != null) {
            return MatrixRead.notMediated(
                event, type + " (" + what + ") is not an action Triage mediates");
          }
          throw new Unreadable("event type " + type + " is not one Triage reads");
      }
    }

    private boolean isRedacted() {
      JsonNode unsigned = event.get("unsigned");
      return (unsigned != null
              && unsigned.hasNonNull("redacted_because")
              && !unsigned.get("redacted_because").isMissingNode())
          || event.hasNonNull("redacted_because");
    }

    private MatrixRead one(Action action) {
      return MatrixRead.actions(
          event, List.of(action), java.util.Collections.singletonList(sender), Map.of());
    }

    // --- m.room.message, m.sticker ----------------------------------------------------------

    private Action message(boolean sticker) {
      ObjectNode relation = EventJson.optionalObject(content, RELATES_TO, "content");
      String relationPath = EventJson.child("content", RELATES_TO);
      String relationType =
          relation == null ? null : EventJson.string(relation, "rel_type", relationPath);
      if (REPLACE.equals(relationType)) {
        return edit(relation, relationPath, sticker);
      }
      if (!sticker
          && "m.location".equals(EventJson.requiredString(content, "msgtype", "content"))) {
        return location();
      }
      Body body = body(content, "content", sticker);
      String threadRoot = null;
      String replyID = null;
      if (relation != null) {
        if (THREAD.equals(relationType)) {
          threadRoot = EventJson.requiredText(relation, "event_id", relationPath);
        }
        ObjectNode inReplyTo = EventJson.optionalObject(relation, IN_REPLY_TO, relationPath);
        if (inReplyTo != null) {
          String target =
              EventJson.requiredText(
                  inReplyTo, "event_id", EventJson.child(relationPath, IN_REPLY_TO));
          Boolean fallingBack = EventJson.bool(relation, "is_falling_back", relationPath);
          // Inside a thread, an m.in_reply_to marked is_falling_back is only for clients without
          // threads: no reply (mautrix GetNonFallbackReplyTo).
          if (threadRoot == null || fallingBack == null || !fallingBack) {
            replyID = target;
          }
          body = body.withoutReplyFallback();
        }
      }
      ReplyTo replyTo = replyID == null ? null : replyTo(replyID);
      return new Message(
          eventID,
          roomID,
          body.textType,
          body.text,
          body.html,
          replyTo,
          threadRoot,
          body.attachment);
    }

    /** The replied-to message, with its sender and text when the caller gave it. */
    private ReplyTo replyTo(String target) {
      ObjectNode original = related.get(target);
      if (original == null) {
        return ReplyTo.of(target);
      }
      String path = RelatedEvents.path(target);
      String originalSender = EventJson.string(original, "sender", path);
      ObjectNode originalContent = EventJson.requiredObject(original, "content", path);
      String text = EventJson.string(originalContent, "body", EventJson.child(path, "content"));
      if (text != null) {
        text = ReplyFallback.stripText(text);
      }
      return new ReplyTo(target, originalSender, text == null || text.isEmpty() ? null : text);
    }

    private Action edit(ObjectNode relation, String relationPath, boolean sticker) {
      String target = EventJson.requiredText(relation, "event_id", relationPath);
      ObjectNode newContent = EventJson.optionalObject(content, NEW_CONTENT, "content");
      String path = EventJson.child("content", NEW_CONTENT);
      if (newContent == null) {
        // bridgev2 handleMatrixEdit: without m.new_content, the content itself is the new one.
        newContent = content;
        path = "content";
      }
      if (!sticker && "m.location".equals(EventJson.string(newContent, "msgtype", path))) {
        throw new Unreadable("an edit of a location is not one Triage reads");
      }
      Body body = body(newContent, path, sticker);
      ObjectNode original = related.get(target);
      Long sentAt = sentAt(target, original);
      EditTarget targetType =
          original != null
                  && MatrixEventTypes.isPollStart(
                      EventJson.requiredString(original, "type", RelatedEvents.path(target)))
              ? EditTarget.POLL
              : EditTarget.MESSAGE;
      return new Edit(
          eventID, roomID, target, sentAt, null, body.text, body.html, body.attachment, targetType);
    }

    private Long sentAt(String target, ObjectNode original) {
      return original == null
          ? null
          : EventJson.wholeNumber(original, "origin_server_ts", RelatedEvents.path(target));
    }

    /** The body of an m.room.message (or m.new_content, or m.sticker) that is text or a file. */
    private Body body(ObjectNode c, String path, boolean sticker) {
      String msgtype = sticker ? null : EventJson.requiredString(c, "msgtype", path);
      String body = EventJson.requiredString(c, "body", path);
      TextType textType = sticker ? null : TextType.fromWireName(msgtype).orElse(null);
      if (textType != null) {
        if (body.isEmpty()) {
          throw new InvalidInputException(EventJson.child(path, "body"), "must not be empty");
        }
        return new Body(textType, body, html(c, path), null);
      }
      String attachmentType;
      if (sticker) {
        attachmentType = Attachment.STICKER;
      } else {
        switch (msgtype) {
          case Attachment.IMAGE:
          case Attachment.FILE:
          case Attachment.AUDIO:
          case Attachment.VIDEO:
            attachmentType = msgtype;
            break;
          default:
            throw new Unreadable("msgtype " + msgtype + " is not one Triage reads");
        }
      }
      ObjectNode info = EventJson.optionalObject(c, "info", path);
      String infoPath = EventJson.child(path, "info");
      String mimeType = info == null ? null : EventJson.string(info, "mimetype", infoPath);
      if (mimeType == null || mimeType.isBlank()) {
        throw new Unreadable(
            "a file without info.mimetype: Triage cannot check what the chat accepts without"
                + " its type");
      }
      Long size = info == null ? null : EventJson.wholeNumber(info, "size", infoPath);
      Integer width = info == null ? null : EventJson.smallNumber(info, "w", infoPath);
      Integer height = info == null ? null : EventJson.smallNumber(info, "h", infoPath);
      Long durationMillis = info == null ? null : EventJson.wholeNumber(info, "duration", infoPath);
      Double duration = durationMillis == null ? null : durationMillis / 1000.0;
      // mautrix event/message.go GetCapMsgType: voice is m.audio with the MSC3245 key, a GIF is
      // m.video with info["fi.mau.gif"]; the older fi.mau.loop/autoplay markers alone are m.video.
      if (Attachment.AUDIO.equals(attachmentType) && EventJson.get(c, VOICE_KEY) != null) {
        attachmentType = Attachment.VOICE;
      }
      if (Attachment.VIDEO.equals(attachmentType) && info != null) {
        Boolean gif = EventJson.bool(info, GIF_KEY, infoPath);
        if (gif != null && gif) {
          attachmentType = Attachment.GIF;
        }
      }
      String fileName = EventJson.string(c, "filename", path);
      String url = EventJson.string(c, "url", path);
      ObjectNode file = EventJson.optionalObject(c, "file", path);
      if (url == null && file != null) {
        url = EventJson.string(file, "url", EventJson.child(path, "file"));
      }
      String text = null;
      String html = null;
      if (sticker) {
        // A sticker's body describes it: never a caption.
        text = body.isEmpty() ? null : body;
      } else if (fileName != null
          && !fileName.isEmpty()
          && !body.isEmpty()
          && !body.equals(fileName)) {
        // MSC2530: the body is a caption only when a filename is given and differs from it.
        text = body;
        html = html(c, path);
      } else if (fileName == null || fileName.isEmpty()) {
        fileName = body.isEmpty() ? null : body;
      }
      Attachment attachment =
          new Attachment(
              attachmentType, mimeType, size, width, height, duration, fileName, url, false);
      return new Body(TextType.TEXT, text, html, attachment);
    }

    /** The formatted body when the format is Matrix HTML, else {@code null}. */
    private static String html(ObjectNode c, String path) {
      String format = EventJson.string(c, "format", path);
      String html = EventJson.string(c, "formatted_body", path);
      return HTML_FORMAT.equals(format) && html != null && !html.isEmpty() ? html : null;
    }

    private Action location() {
      String geoUri = EventJson.requiredString(content, "geo_uri", "content");
      String body = EventJson.requiredString(content, "body", "content");
      double[] point = GeoUri.parse(geoUri, EventJson.child("content", "geo_uri"));
      return new Location(eventID, roomID, point[0], point[1], body.isBlank() ? null : body);
    }

    // --- polls ----------------------------------------------------------------------------

    private Action poll() {
      ObjectNode relation = EventJson.optionalObject(content, RELATES_TO, "content");
      String relationPath = EventJson.child("content", RELATES_TO);
      if (relation != null
          && REPLACE.equals(EventJson.string(relation, "rel_type", relationPath))) {
        // bridgev2 handleMatrixMessage: an edit of a poll is refused whatever the chat allows.
        String target = EventJson.requiredText(relation, "event_id", relationPath);
        ObjectNode newContent = EventJson.optionalObject(content, NEW_CONTENT, "content");
        String question = null;
        try {
          question =
              newContent == null
                  ? pollOf(content, "content").question()
                  : pollOf(newContent, EventJson.child("content", NEW_CONTENT)).question();
        } catch (InvalidInputException | Unreadable e) {
          // The edit is refused whatever it says; a question is only its text.
        }
        return new Edit(
            eventID,
            roomID,
            target,
            sentAt(target, related.get(target)),
            null,
            question == null ? "(poll)" : question,
            null,
            null,
            EditTarget.POLL);
      }
      return pollOf(content, "content");
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
      return new Poll(eventID, roomID, questionText, options, maxSelections);
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

    // --- reactions and redactions -----------------------------------------------------------

    private MatrixRead reaction() {
      ObjectNode relation = EventJson.requiredObject(content, RELATES_TO, "content");
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
      for (Map.Entry<String, ObjectNode> entry : related.asMap().entrySet()) {
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
              ? new Reaction(eventID, roomID, target, key, false, null)
              : Reaction.adding(eventID, roomID, target, key, List.copyOf(ids.keySet()));
      return MatrixRead.actions(
          event, List.of(action), java.util.Collections.singletonList(sender), ids);
    }

    /** A related event that is this sender's reaction on {@code target}, or {@code null}. */
    private Existing existingReaction(String id, ObjectNode candidate, String target) {
      String path = RelatedEvents.path(id);
      if (id.equals(eventID)
          || !MatrixEventTypes.REACTION.equals(EventJson.requiredString(candidate, "type", path))) {
        return null;
      }
      String candidateSender = EventJson.string(candidate, "sender", path);
      if (sender != null && candidateSender != null && !sender.equals(candidateSender)) {
        return null;
      }
      ObjectNode c = EventJson.requiredObject(candidate, "content", path);
      ObjectNode relation =
          EventJson.requiredObject(c, RELATES_TO, EventJson.child(path, "content"));
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

    private Action redaction() {
      // Before room version 11 redacts is at the top level; from 11 in the content. Servers
      // often send both; bridgev2 (portal.go handleMatrixRedaction) prefers the top level.
      String top = EventJson.string(event, "redacts", "");
      String inContent = EventJson.string(content, "redacts", "content");
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
      ObjectNode redacted = related.get(target);
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
          return new Reaction(eventID, roomID, message, key, true, null);
        }
      }
      return new Delete(eventID, roomID, target, sentAt(target, redacted), true);
    }

    // --- state ----------------------------------------------------------------------------

    private MatrixRead state(StateField field, String key) {
      MatrixRead notRoomState = requireRoomState();
      if (notRoomState != null) {
        return notRoomState;
      }
      String value = EventJson.string(content, key, "content");
      ObjectNode previous = previousContent();
      String current = null;
      if (previous != null) {
        String previousValue = EventJson.string(previous, key, previousPath());
        current = previousValue == null ? "" : previousValue;
      }
      return one(new State(eventID, roomID, field, value == null ? "" : value, current));
    }

    /** bridgev2 handleMatrixRoomMeta: room metadata has the empty state key, or is refused. */
    private MatrixRead requireRoomState() {
      if (stateKey == null) {
        return MatrixRead.notMediated(event, type + " without a state key is no room state");
      }
      if (!stateKey.isEmpty()) {
        return MatrixRead.notMediated(
            event,
            type + " with state key \"" + stateKey + "\" is not the room's (its key is \"\")");
      }
      return null;
    }

    private MatrixRead disappearingTimer() {
      MatrixRead notRoomState = requireRoomState();
      if (notRoomState != null) {
        return notRoomState;
      }
      String name = EventJson.string(content, "type", "content");
      TimerType timerType = null;
      if (name != null && !name.isEmpty()) {
        if (name.equals(TimerType.AFTER_READ.snakeName())) {
          timerType = TimerType.AFTER_READ;
        } else if (name.equals(TimerType.AFTER_SEND.snakeName())) {
          timerType = TimerType.AFTER_SEND;
        } else {
          throw new InvalidInputException(
              "content.type", "must be after_read, after_send or empty, got \"" + name + "\"");
        }
      }
      Long timer = EventJson.wholeNumber(content, "timer", "content");
      return one(new DisappearingTimer(eventID, roomID, timerType, timer == null ? 0 : timer));
    }

    /** The state's previous content: {@code unsigned.prev_content}, else the legacy top level. */
    private ObjectNode previousContent() {
      JsonNode unsigned = event.get("unsigned");
      if (unsigned != null && unsigned.isObject()) {
        ObjectNode previous =
            EventJson.optionalObject((ObjectNode) unsigned, "prev_content", "unsigned");
        if (previous != null) {
          return previous;
        }
      }
      return EventJson.optionalObject(event, "prev_content", "");
    }

    private String previousPath() {
      JsonNode unsigned = event.get("unsigned");
      return unsigned != null && unsigned.hasNonNull("prev_content")
          ? "unsigned.prev_content"
          : "prev_content";
    }

    private MatrixRead member() {
      if (stateKey == null || stateKey.isBlank()) {
        throw new InvalidInputException("state_key", "is required: the member's user id");
      }
      String to = EventJson.requiredString(content, "membership", "content");
      ObjectNode previous = previousContent();
      String from =
          previous == null ? null : EventJson.string(previous, "membership", previousPath());
      if (from == null) {
        from = "leave";
      }
      boolean self = stateKey.equals(sender);
      MemberOperation operation;
      switch (to) {
        case "join":
          return MatrixRead.notMediated(
              event,
              from.equals("join")
                  ? "a profile change is not an action Triage mediates"
                  : "a join is not an action Triage mediates");
        case "invite":
          if (from.equals("invite") || from.equals("knock")) {
            return MatrixRead.notMediated(
                event,
                from.equals("invite")
                    ? "an invite that stays an invite changes nothing Triage mediates"
                    : "accepting a knock is not an action Triage mediates");
          }
          operation = MemberOperation.INVITE;
          break;
        case "ban":
          if (from.equals("ban")) {
            return MatrixRead.notMediated(event, "a ban that stays a ban changes nothing");
          }
          operation = MemberOperation.BAN;
          break;
        case "leave":
          switch (from) {
            case "ban":
              // Unbanning: room_features has no unban action; it is the ban capability's other
              // half, so it is decided under member_actions.ban.
              operation = MemberOperation.BAN;
              break;
            case "invite":
              operation = self ? MemberOperation.LEAVE : MemberOperation.REVOKE_INVITE;
              break;
            case "join":
              operation = self ? MemberOperation.LEAVE : MemberOperation.KICK;
              break;
            case "knock":
              return MatrixRead.notMediated(
                  event, "withdrawing or refusing a knock is not an action Triage mediates");
            default:
              return MatrixRead.notMediated(event, "a leave from " + from + " changes nothing");
          }
          break;
        case "knock":
          return MatrixRead.notMediated(event, "a knock is not an action Triage mediates");
        default:
          throw new Unreadable("membership " + to + " is not one Triage reads");
      }
      return one(new Member(eventID, roomID, operation, stateKey));
    }

    // --- ephemeral ------------------------------------------------------------------------

    private MatrixRead receipt() {
      List<Action> actions = new ArrayList<>();
      List<String> users = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
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
          actions.add(new ReadReceipt(null, roomID, entry.getKey()));
          users.add(user.getKey());
        }
      }
      if (actions.isEmpty()) {
        return MatrixRead.notMediated(
            event, "a receipt with no m.read (private receipts stay on Matrix)");
      }
      return MatrixRead.actions(event, actions, users, Map.of());
    }

    private MatrixRead typing() {
      JsonNode ids = EventJson.get(content, "user_ids");
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
        actions.add(new Typing(null, roomID, true));
        users.add(id.textValue());
      }
      if (actions.isEmpty()) {
        // Nobody is typing. Who stopped is not in the event: bridgev2 diffs against the list it
        // saw before; a caller that keeps it can tell.
        actions.add(new Typing(null, roomID, false));
        users.add(null);
      }
      return MatrixRead.actions(event, actions, users, Map.of());
    }
  }

  /** A message's readable body: text, or a file with its caption. */
  private static final class Body {
    final TextType textType;
    final String text;
    final String html;
    final Attachment attachment;

    Body(TextType textType, String text, String html, Attachment attachment) {
      this.textType = textType;
      this.text = text;
      this.html = html;
      this.attachment = attachment;
    }

    /** The body without a reply fallback (the stripped text is what the sender wrote). */
    Body withoutReplyFallback() {
      if (text == null || (attachment != null && Attachment.STICKER.equals(attachment.msgtype()))) {
        return this;
      }
      return new Body(
          textType,
          ReplyFallback.stripText(text),
          html == null ? null : ReplyFallback.stripHtml(html),
          attachment);
    }
  }
}
