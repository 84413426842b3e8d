package dev.triage.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.action.ActionType;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes actions in the wire format (camelCase JSON). Reading is strict: an unknown field
 * is an error, so a typo such as {@code replyto} cannot pass silently and lose the reply.
 */
final class ActionCodec {

  private ActionCodec() {}

  static Action read(JsonNode node, String path) {
    Fields f = Fields.of(node, path);
    String typeName = f.requiredString("type");
    ActionType type =
        ActionType.fromWireName(typeName)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        Fields.child(path, "type"),
                        "unknown action type \""
                            + typeName
                            + "\"; expected one of "
                            + Arrays.stream(ActionType.values())
                                .map(ActionType::wireName)
                                .toList()));
    String id = f.string("id");
    String chatID = f.string("chatID");
    Action action;
    try {
      action = readBody(type, f, id, chatID);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(path, e.getMessage());
    }
    f.refuseUnread();
    return action;
  }

  private static Action readBody(ActionType type, Fields f, String id, String chatID) {
    switch (type) {
      case MESSAGE:
        return readMessage(f, id, chatID);
      case EDIT:
        return readEdit(f, id, chatID);
      case DELETE:
        // Omitted, it is the chat's ordinary delete: for everyone, as a Matrix redaction is. Only
        // an explicit false asks for delete-for-me, which is never widened.
        Boolean forEveryone = optionalBoolean(f, "forEveryone");
        return new Delete(
            id,
            chatID,
            f.requiredString("messageID"),
            optionalLong(f, "sentAt"),
            forEveryone == null || forEveryone);
      case REACTION:
        Boolean remove = optionalBoolean(f, "remove");
        String messageID = f.requiredString("messageID");
        String key = f.requiredString("key");
        JsonNode existing = f.get("existing");
        if (existing != null && existing.isArray()) {
          return new Reaction(
              id, chatID, messageID, key, remove != null && remove, null, reactionKeys(f));
        }
        if (existing != null && !existing.isNumber()) {
          throw new InvalidInputException(
              Fields.child(f.path(), "existing"),
              "must be a count or a list of the sender's reaction keys, got "
                  + Fields.describe(existing));
        }
        return new Reaction(
            id, chatID, messageID, key, remove != null && remove, optionalInt(f, "existing"));
      case POLL:
        return new Poll(
            id,
            chatID,
            f.requiredString("question"),
            strings(f, "options"),
            optionalInt(f, "maxSelections"));
      case LOCATION:
        return new Location(
            id,
            chatID,
            requiredDouble(f, "latitude"),
            requiredDouble(f, "longitude"),
            f.string("description"));
      case STATE:
        String fieldName = f.requiredString("field");
        StateField field =
            StateField.fromKey(fieldName)
                .filter(s -> s != StateField.DISAPPEARING_TIMER)
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            Fields.child(f.path(), "field"),
                            "must be title, description or avatar, got \"" + fieldName + "\""));
        return new State(id, chatID, field, f.requiredString("value"), f.string("current"));
      case DISAPPEARING_TIMER:
        String timerTypeName = f.string("timerType");
        TimerType timerType = null;
        if (timerTypeName != null && !timerTypeName.isEmpty()) {
          timerType =
              TimerType.fromName(timerTypeName)
                  .orElseThrow(
                      () ->
                          new InvalidInputException(
                              Fields.child(f.path(), "timerType"),
                              "must be afterRead, afterSend or \"\", got \""
                                  + timerTypeName
                                  + "\""));
        }
        Long timer = optionalLong(f, "timer");
        if (timer == null) {
          throw new InvalidInputException(
              Fields.child(f.path(), "timer"), "is required (milliseconds; 0 turns it off)");
        }
        return new DisappearingTimer(id, chatID, timerType, timer);
      case MEMBER:
        String memberAction = f.requiredString("action");
        MemberOperation operation =
            MemberOperation.fromKey(memberAction)
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            Fields.child(f.path(), "action"),
                            "must be ban, kick, invite, leave or revokeInvite, got \""
                                + memberAction
                                + "\""));
        return new Member(id, chatID, operation, f.requiredString("userID"));
      case CHAT:
        String chatAction = f.requiredString("action");
        ChatOperation chatOperation =
            ChatOperation.fromWireName(chatAction)
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            Fields.child(f.path(), "action"),
                            "must be one of "
                                + Arrays.stream(ChatOperation.values())
                                    .map(ChatOperation::wireName)
                                    .toList()
                                + ", got \""
                                + chatAction
                                + "\""));
        return new Chat(id, chatID, chatOperation);
      case READ_RECEIPT:
        return new ReadReceipt(id, chatID, f.requiredString("messageID"));
      case TYPING:
        Boolean typing = optionalBoolean(f, "typing");
        if (typing == null) {
          throw new InvalidInputException(
              Fields.child(f.path(), "typing"), "is required (true or false)");
        }
        return new Typing(id, chatID, typing);
      default:
        throw new AssertionError(type);
    }
  }

  private static Edit readEdit(Fields f, String id, String chatID) {
    String messageID = f.requiredString("messageID");
    Long sentAt = optionalLong(f, "sentAt");
    Integer editCount = optionalInt(f, "editCount");
    String text = f.string("text");
    String html = f.string("html");
    Attachment attachment = readAttachment(f);
    if (attachment == null && text == null) {
      throw new InvalidInputException(
          Fields.child(f.path(), "text"), "is required for an edit without attachment");
    }
    String targetName = f.string("targetType");
    EditTarget target = EditTarget.MESSAGE;
    if (targetName != null) {
      target =
          EditTarget.fromWireName(targetName)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          Fields.child(f.path(), "targetType"),
                          "must be message or poll, got \"" + targetName + "\""));
    }
    return new Edit(id, chatID, messageID, sentAt, editCount, text, html, attachment, target);
  }

  /** {@code existing} as the sender's reaction keys, oldest first: strings, none twice. */
  private static List<String> reactionKeys(Fields f) {
    String path = Fields.child(f.path(), "existing");
    List<String> keys = strings(f, "existing");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).isEmpty()) {
        throw new InvalidInputException(Fields.index(path, i), "must not be empty");
      }
      if (!seen.add(keys.get(i))) {
        throw new InvalidInputException(
            Fields.index(path, i), "lists " + keys.get(i) + " a second time");
      }
    }
    return keys;
  }

  private static Message readMessage(Fields f, String id, String chatID) {
    String msgtypeName = f.string("msgtype");
    TextType msgtype = TextType.TEXT;
    if (msgtypeName != null) {
      msgtype =
          TextType.fromWireName(msgtypeName)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          Fields.child(f.path(), "msgtype"),
                          "must be m.text, m.notice or m.emote, got \""
                              + msgtypeName
                              + "\" (files go in attachment)"));
    }
    String text = f.string("text");
    String html = f.string("html");
    ReplyTo replyTo = null;
    Fields reply = f.object("replyTo");
    if (reply != null) {
      try {
        replyTo =
            new ReplyTo(
                reply.requiredString("messageID"), reply.string("sender"), reply.string("text"));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(reply.path(), e.getMessage());
      }
      reply.refuseUnread();
    }
    String threadRoot = f.string("threadRoot");
    Attachment attachment = readAttachment(f);
    if (attachment == null && text == null) {
      throw new InvalidInputException(
          Fields.child(f.path(), "text"), "is required for a message without attachment");
    }
    String format = f.string("format");
    if (format != null && !format.equals("plain") && !format.equals("markdown")) {
      throw new InvalidInputException(
          Fields.child(f.path(), "format"), "must be plain or markdown, got \"" + format + "\"");
    }
    boolean markdown = "markdown".equals(format);
    if (markdown && html != null) {
      throw new InvalidInputException(
          Fields.child(f.path(), "html"), "must not be given with format markdown");
    }
    boolean pendingRequest = Boolean.TRUE.equals(optionalBoolean(f, "pendingRequest"));
    return new Message(
        id, chatID, msgtype, text, html, replyTo, threadRoot, attachment, markdown, pendingRequest);
  }

  /** The {@code attachment} of a message or an edit, or null. */
  private static Attachment readAttachment(Fields f) {
    Fields file = f.object("attachment");
    if (file == null) {
      return null;
    }
    Integer width = optionalInt(file, "width");
    Integer height = optionalInt(file, "height");
    Attachment attachment;
    try {
      attachment =
          new Attachment(
              file.requiredString("msgtype"),
              file.requiredString("mimeType"),
              optionalLong(file, "size"),
              width,
              height,
              optionalDouble(file, "duration"),
              file.string("fileName"),
              file.string("url"),
              Boolean.TRUE.equals(optionalBoolean(file, "viewOnce")));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(file.path(), e.getMessage());
    }
    file.refuseUnread();
    return attachment;
  }

  private static Long optionalLong(Fields f, String name) {
    JsonNode value = f.get(name);
    return value == null ? null : Fields.nonNegative(value, Fields.child(f.path(), name));
  }

  private static Integer optionalInt(Fields f, String name) {
    Long value = optionalLong(f, name);
    if (value != null && value > Integer.MAX_VALUE) {
      throw new InvalidInputException(
          Fields.child(f.path(), name), "must be at most " + Integer.MAX_VALUE + ", got " + value);
    }
    return value == null ? null : value.intValue();
  }

  private static Double optionalDouble(Fields f, String name) {
    JsonNode value = f.get(name);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()) {
      throw new InvalidInputException(
          Fields.child(f.path(), name), "must be a number, got " + Fields.describe(value));
    }
    double number = value.doubleValue();
    if (Double.isInfinite(number)) {
      throw new InvalidInputException(Fields.child(f.path(), name), "is too large");
    }
    return number;
  }

  private static double requiredDouble(Fields f, String name) {
    Double value = optionalDouble(f, name);
    if (value == null) {
      throw new InvalidInputException(Fields.child(f.path(), name), "is required");
    }
    return value;
  }

  private static Boolean optionalBoolean(Fields f, String name) {
    JsonNode value = f.get(name);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      throw new InvalidInputException(
          Fields.child(f.path(), name), "must be true or false, got " + Fields.describe(value));
    }
    return value.booleanValue();
  }

  private static List<String> strings(Fields f, String name) {
    List<JsonNode> nodes = f.array(name);
    if (nodes == null) {
      throw new InvalidInputException(Fields.child(f.path(), name), "is required");
    }
    List<String> values = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode node = nodes.get(i);
      if (!node.isTextual()) {
        throw new InvalidInputException(
            Fields.index(Fields.child(f.path(), name), i),
            "must be a string, got " + Fields.describe(node));
      }
      values.add(node.textValue());
    }
    return values;
  }

  /** An action as a JSON object: written by {@link #write(Action, JsonGenerator)}, as a tree. */
  static ObjectNode write(Action action) {
    return (ObjectNode) TriageJson.tree(json -> write(action, json));
  }

  /**
   * Writes an action as a JSON object: the one writer of the wire format, streamed where an answer
   * is written ({@link TriageJson#writeVerdictFields}) and read back as a tree where one is wanted.
   */
  static void write(Action action, JsonGenerator out) throws IOException {
    out.writeStartObject();
    out.writeStringField("type", action.type().wireName());
    stringIfPresent(out, "id", action.id());
    stringIfPresent(out, "chatID", action.chatID());
    switch (action.type()) {
      case MESSAGE:
        Message m = (Message) action;
        if (m.msgtype() != TextType.TEXT) {
          out.writeStringField("msgtype", m.msgtype().wireName());
        }
        stringIfPresent(out, "text", m.text());
        stringIfPresent(out, "html", m.html());
        if (m.markdown()) {
          out.writeStringField("format", "markdown");
        }
        if (m.replyTo() != null) {
          out.writeObjectFieldStart("replyTo");
          out.writeStringField("messageID", m.replyTo().messageID());
          stringIfPresent(out, "sender", m.replyTo().sender());
          stringIfPresent(out, "text", m.replyTo().text());
          out.writeEndObject();
        }
        stringIfPresent(out, "threadRoot", m.threadRoot());
        writeAttachment(out, m.attachment());
        if (m.pendingRequest()) {
          out.writeBooleanField("pendingRequest", true);
        }
        break;
      case EDIT:
        Edit e = (Edit) action;
        out.writeStringField("messageID", e.messageID());
        if (e.sentAt() != null) {
          wholeNumber(out, "sentAt", e.sentAt());
        }
        if (e.editCount() != null) {
          out.writeNumberField("editCount", e.editCount());
        }
        stringIfPresent(out, "text", e.text());
        stringIfPresent(out, "html", e.html());
        writeAttachment(out, e.attachment());
        if (e.targetType() != EditTarget.MESSAGE) {
          out.writeStringField("targetType", e.targetType().wireName());
        }
        break;
      case DELETE:
        Delete d = (Delete) action;
        out.writeStringField("messageID", d.messageID());
        if (d.sentAt() != null) {
          wholeNumber(out, "sentAt", d.sentAt());
        }
        out.writeBooleanField("forEveryone", d.forEveryone());
        break;
      case REACTION:
        Reaction r = (Reaction) action;
        out.writeStringField("messageID", r.messageID());
        out.writeStringField("key", r.key());
        if (r.remove()) {
          out.writeBooleanField("remove", true);
        }
        if (r.existingKeys() != null) {
          stringArray(out, "existing", r.existingKeys());
        } else if (r.existing() != null) {
          out.writeNumberField("existing", r.existing());
        }
        break;
      case POLL:
        Poll p = (Poll) action;
        out.writeStringField("question", p.question());
        stringArray(out, "options", p.options());
        if (p.maxSelections() != null) {
          out.writeNumberField("maxSelections", p.maxSelections());
        }
        break;
      case LOCATION:
        Location l = (Location) action;
        decimal(out, "latitude", l.latitude());
        decimal(out, "longitude", l.longitude());
        stringIfPresent(out, "description", l.description());
        break;
      case STATE:
        State s = (State) action;
        out.writeStringField("field", s.field().desktopKey());
        out.writeStringField("value", s.value());
        stringIfPresent(out, "current", s.current());
        break;
      case DISAPPEARING_TIMER:
        DisappearingTimer t = (DisappearingTimer) action;
        out.writeStringField("timerType", t.timerType() == null ? "" : t.timerType().camelName());
        wholeNumber(out, "timer", t.timer());
        break;
      case MEMBER:
        Member mb = (Member) action;
        out.writeStringField("action", mb.action().camelName());
        out.writeStringField("userID", mb.userID());
        break;
      case CHAT:
        out.writeStringField("action", ((Chat) action).action().wireName());
        break;
      case READ_RECEIPT:
        out.writeStringField("messageID", ((ReadReceipt) action).messageID());
        break;
      case TYPING:
        out.writeBooleanField("typing", ((Typing) action).typing());
        break;
      default:
        throw new AssertionError(action.type());
    }
    out.writeEndObject();
  }

  private static void writeAttachment(JsonGenerator out, Attachment a) throws IOException {
    if (a == null) {
      return;
    }
    out.writeObjectFieldStart("attachment");
    out.writeStringField("msgtype", a.msgtype());
    out.writeStringField("mimeType", a.mimeType());
    if (a.size() != null) {
      wholeNumber(out, "size", a.size());
    }
    if (a.width() != null) {
      out.writeNumberField("width", a.width());
    }
    if (a.height() != null) {
      out.writeNumberField("height", a.height());
    }
    if (a.duration() != null) {
      decimal(out, "duration", a.duration());
    }
    stringIfPresent(out, "fileName", a.fileName());
    stringIfPresent(out, "url", a.url());
    if (a.viewOnce()) {
      out.writeBooleanField("viewOnce", true);
    }
    out.writeEndObject();
  }

  private static void stringArray(JsonGenerator out, String name, List<String> values)
      throws IOException {
    out.writeArrayFieldStart(name);
    for (String value : values) {
      out.writeString(value);
    }
    out.writeEndArray();
  }

  /** A whole number as a parser reads it: an int where it fits, else a long. */
  private static void wholeNumber(JsonGenerator out, String name, long value) throws IOException {
    if (value == (int) value) {
      out.writeNumberField(name, (int) value);
    } else {
      out.writeNumberField(name, value);
    }
  }

  /** A whole value as a whole number (4, not 4.0), so that what was sent comes back as sent. */
  private static void decimal(JsonGenerator out, String name, double value) throws IOException {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      wholeNumber(out, name, (long) value);
    } else {
      out.writeNumberField(name, value);
    }
  }

  private static void stringIfPresent(JsonGenerator out, String name, String value)
      throws IOException {
    if (value != null) {
      out.writeStringField(name, value);
    }
  }
}
