package dev.triage.matrix;

import static dev.triage.matrix.MatrixEventTypes.GIF_KEY;
import static dev.triage.matrix.MatrixEventTypes.HTML_FORMAT;
import static dev.triage.matrix.MatrixEventTypes.IN_REPLY_TO;
import static dev.triage.matrix.MatrixEventTypes.NEW_CONTENT;
import static dev.triage.matrix.MatrixEventTypes.RELATES_TO;
import static dev.triage.matrix.MatrixEventTypes.THREAD;
import static dev.triage.matrix.MatrixEventTypes.VOICE_KEY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.action.Attachment;
import dev.triage.action.Edit;
import dev.triage.action.Location;
import dev.triage.action.Message;
import dev.triage.action.Poll;
import dev.triage.action.Reaction;
import dev.triage.action.ReadReceipt;
import dev.triage.action.ReplyTo;
import dev.triage.action.TextType;
import dev.triage.action.Typing;
import dev.triage.verdict.Decision;
import dev.triage.verdict.Note;
import dev.triage.verdict.SendStatus;
import dev.triage.verdict.Status;
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

  /** Keys of a poll start that a text message must not keep. */
  private static final List<String> POLL_KEYS =
      List.of(
          MatrixEventTypes.POLL_START_UNSTABLE,
          "m.poll",
          "org.matrix.msc1767.text",
          "org.matrix.msc1767.html",
          "org.matrix.msc1767.message",
          "m.text");

  /** Keys of a location message that a text message must not keep. */
  private static final List<String> LOCATION_KEYS =
      List.of(
          "geo_uri",
          "info",
          "org.matrix.msc3488.location",
          "org.matrix.msc3488.asset",
          "org.matrix.msc3488.ts",
          "org.matrix.msc1767.text");

  /** Keys of a file that a text message must not keep. */
  private static final List<String> FILE_KEYS =
      List.of(
          "url",
          "file",
          "info",
          "filename",
          VOICE_KEY,
          "org.matrix.msc1767.audio",
          "org.matrix.msc1767.file",
          "org.matrix.msc1767.image",
          "org.matrix.msc1767.video");

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
    ObjectNode status = status(read, decision, verdicts, List.copyOf(notes));
    ObjectNode notice = notice(read, status);
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
    Base base = null;
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
        out.add(editKept(read, (Edit) source, (Edit) action));
      } else if (action instanceof Message) {
        if (base == null) {
          base = Base.of(read, source);
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

  /**
   * What a degrade's messages are written from: the content to start the first from, and the
   * message read from it to compare with, so only what changed is rewritten.
   */
  private static final class Base {
    /** The content the first part is a copy of. */
    final ObjectNode content;

    /** The message as read from it; {@code null} when the source was no message (poll, …). */
    final Message read;

    /** Whether the message's reply and thread are the source's (else relations are kept). */
    final boolean relations;

    /** The text msgtype to keep (an edit's, which the fallback does not carry), or null. */
    final String textMsgtype;

    /** The original m.in_reply_to target, for the thread fallback of later parts. */
    final String inReplyTo;

    private Base(
        ObjectNode content, Message read, boolean relations, String textMsgtype, String inReplyTo) {
      this.content = content;
      this.read = read;
      this.relations = relations;
      this.textMsgtype = textMsgtype;
      this.inReplyTo = inReplyTo;
    }

    static Base of(MatrixRead read, Action source) {
      ObjectNode content = read.content();
      if (source instanceof Message) {
        return new Base(content, (Message) source, true, null, inReplyTo(content));
      }
      if (source instanceof Edit) {
        // An edit sent as a new message: the new content, without the relation that made it an
        // edit, keeping the edit event's own extra keys.
        Edit edit = (Edit) source;
        ObjectNode newContent =
            content.get(NEW_CONTENT) instanceof ObjectNode
                ? (ObjectNode) content.get(NEW_CONTENT)
                : content;
        ObjectNode merged = JSON.objectNode();
        newContent.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
        content
            .fields()
            .forEachRemaining(
                e -> {
                  if (!merged.has(e.getKey())
                      && !e.getKey().equals(NEW_CONTENT)
                      && !e.getKey().equals(RELATES_TO)) {
                    merged.set(e.getKey(), e.getValue());
                  }
                });
        merged.remove(RELATES_TO);
        merged.remove(NEW_CONTENT);
        Message asRead =
            new Message(
                null, null, TextType.TEXT, edit.text(), edit.html(), null, null, edit.attachment());
        String msgtype = merged.path("msgtype").asText("");
        return new Base(
            merged,
            asRead,
            true,
            TextType.fromWireName(msgtype).isPresent() ? msgtype : null,
            null);
      }
      if (source instanceof Poll || source instanceof Location) {
        ObjectNode kept = content.deepCopy();
        kept.remove(source instanceof Poll ? POLL_KEYS : LOCATION_KEYS);
        kept.remove(List.of("msgtype", "body", "format", "formatted_body"));
        return new Base(kept, null, false, null, null);
      }
      throw new IllegalStateException("cannot write a message made of " + read.eventType());
    }

    /** The first part: a copy of the content with what changed rewritten. */
    OutgoingEvent first(Message part) {
      ObjectNode c = content.deepCopy();
      String type = MatrixEventTypes.MESSAGE;
      Attachment file = part.attachment();
      Message was = read;
      ObjectNode relation = null;
      boolean relationChanged = false;
      if (relations) {
        ReplyTo replyTo = part.replyTo();
        String replyID = replyTo == null ? null : replyTo.messageID();
        String readReply =
            read == null || read.replyTo() == null ? null : read.replyTo().messageID();
        String readThread = read == null ? null : read.threadRoot();
        relationChanged =
            !Objects.equals(replyID, readReply) || !Objects.equals(part.threadRoot(), readThread);
        relation = relation(replyID, part.threadRoot(), readReply);
      }
      if (relationChanged && hasReplyFallback(c, read)) {
        // The body quotes the replied-to message for clients without replies; with the reply
        // gone or moved, that quote would be shown as text: the text is written as read, without.
        was = null;
      }
      if (file != null) {
        String msgtype = file.msgtype();
        if (msgtype.equals(Attachment.STICKER)) {
          type = MatrixEventTypes.STICKER;
        } else {
          putIfChanged(c, "msgtype", wireMsgtype(msgtype));
          if (!msgtype.equals(Attachment.VOICE)) {
            c.remove(VOICE_KEY);
          }
          if (!msgtype.equals(Attachment.GIF) && c.get("info") instanceof ObjectNode) {
            ((ObjectNode) c.get("info")).remove(GIF_KEY);
          }
        }
        if (part.hasCaption()) {
          if (was == null || !was.hasCaption()) {
            // A caption where there was none (a quote fallback on a file): MSC2530 reads the body
            // as a caption only beside a filename.
            if (!c.hasNonNull("filename") && file.fileName() != null) {
              c.put("filename", file.fileName());
            }
            was = null;
          }
          body(c, part, was);
        } else if (was != null && was.hasCaption()) {
          // The caption went (sent apart, or removed): the body is the file's name again.
          c.put("body", file.fileName() != null ? file.fileName() : "");
          c.remove(List.of("format", "formatted_body"));
        }
      } else {
        if (was != null && was.attachment() != null) {
          // The file went and its caption stays, as a text message.
          c.remove(FILE_KEYS);
          was = null;
        }
        putIfChanged(c, "msgtype", textMsgtype != null ? textMsgtype : part.msgtype().wireName());
        body(c, part, was);
      }
      if (relationChanged) {
        if (relation == null) {
          c.remove(RELATES_TO);
        } else {
          c.set(RELATES_TO, relation);
        }
      }
      return new OutgoingEvent(type, null, null, standardKeysFirst(c));
    }

    /** Whether the reader took a reply fallback off the text: body or HTML differ from it. */
    private static boolean hasReplyFallback(ObjectNode content, Message read) {
      if (read == null || read.text() == null) {
        return false;
      }
      JsonNode body = content.get("body");
      JsonNode html = content.get("formatted_body");
      return (body != null && !read.text().equals(body.asText()))
          || (read.html() != null && html != null && !read.html().equals(html.asText()));
    }

    /** A later part: its msgtype, text, and the thread when in one; nothing else. */
    OutgoingEvent later(Message part) {
      if (part.attachment() != null) {
        return first(part);
      }
      ObjectNode c = JSON.objectNode();
      c.put("msgtype", textMsgtype != null ? textMsgtype : part.msgtype().wireName());
      c.put("body", part.text());
      if (part.html() != null) {
        c.put("format", HTML_FORMAT).put("formatted_body", part.html());
      }
      if (part.threadRoot() != null) {
        c.set(RELATES_TO, relation(null, part.threadRoot(), inReplyTo));
      }
      return new OutgoingEvent(MatrixEventTypes.MESSAGE, null, null, c);
    }

    /**
     * A relation for a reply and thread; {@code null} for neither. In a thread without a reply,
     * {@code m.in_reply_to} is the fallback for clients without threads ({@code fallbackTarget},
     * else the root), marked {@code is_falling_back}, as mautrix SetThread writes it.
     */
    private static ObjectNode relation(String replyTo, String threadRoot, String fallbackTarget) {
      if (threadRoot != null) {
        ObjectNode relation = JSON.objectNode().put("rel_type", THREAD).put("event_id", threadRoot);
        relation.put("is_falling_back", replyTo == null);
        relation
            .putObject(IN_REPLY_TO)
            .put(
                "event_id",
                replyTo != null ? replyTo : fallbackTarget != null ? fallbackTarget : threadRoot);
        return relation;
      }
      if (replyTo != null) {
        ObjectNode relation = JSON.objectNode();
        relation.putObject(IN_REPLY_TO).put("event_id", replyTo);
        return relation;
      }
      return null;
    }

    private static String inReplyTo(ObjectNode content) {
      JsonNode target = content.path(RELATES_TO).path(IN_REPLY_TO).path("event_id");
      return target.isTextual() ? target.textValue() : null;
    }
  }

  /**
   * Rewrites {@code body} when the text changed and {@code format}/{@code formatted_body} when the
   * HTML did, compared with {@code was} ({@code null}: both changed).
   */
  private static void body(ObjectNode c, Message part, Message was) {
    if (was == null || !Objects.equals(part.text(), was.text())) {
      c.put("body", part.text() == null ? "" : part.text());
    }
    if (was == null || !Objects.equals(part.html(), was.html())) {
      if (part.html() == null) {
        c.remove(List.of("format", "formatted_body"));
      } else {
        c.put("format", HTML_FORMAT).put("formatted_body", part.html());
      }
    }
  }

  /** The content with msgtype, body, format and formatted_body first, as mautrix writes them. */
  private static ObjectNode standardKeysFirst(ObjectNode c) {
    ObjectNode ordered = JSON.objectNode();
    for (String key : List.of("msgtype", "body", "format", "formatted_body")) {
      if (c.has(key)) {
        ordered.set(key, c.get(key));
      }
    }
    ordered.setAll(c);
    return ordered;
  }

  private static void putIfChanged(ObjectNode c, String key, String value) {
    JsonNode current = c.get(key);
    if (current == null || !current.isTextual() || !current.textValue().equals(value)) {
      c.put(key, value);
    }
  }

  /** The msgtype a file is sent with: pseudo-msgtypes ride on their base type. */
  private static String wireMsgtype(String attachmentMsgtype) {
    switch (attachmentMsgtype) {
      case Attachment.VOICE:
        return Attachment.AUDIO;
      case Attachment.GIF:
        return Attachment.VIDEO;
      default:
        return attachmentMsgtype;
    }
  }

  /**
   * An edit whose new content changed (formatting, a file's msgtype or caption): {@code
   * m.new_content} rewritten, and the fallback at the top level with it ({@code * } kept).
   */
  private static OutgoingEvent editKept(MatrixRead read, Edit source, Edit kept) {
    ObjectNode c = read.content().deepCopy();
    boolean nested = c.get(NEW_CONTENT) instanceof ObjectNode;
    ObjectNode newContent = nested ? (ObjectNode) c.get(NEW_CONTENT) : c;
    ObjectNode before = newContent.deepCopy();
    Message was =
        new Message(
            null,
            null,
            TextType.TEXT,
            source.text(),
            source.html(),
            null,
            null,
            source.attachment());
    Message now =
        new Message(
            null, null, TextType.TEXT, kept.text(), kept.html(), null, null, kept.attachment());
    if (kept.attachment() != null) {
      Attachment file = kept.attachment();
      if (!file.msgtype().equals(Attachment.STICKER)) {
        putIfChanged(newContent, "msgtype", wireMsgtype(file.msgtype()));
        if (!file.msgtype().equals(Attachment.VOICE)) {
          newContent.remove(VOICE_KEY);
        }
        if (!file.msgtype().equals(Attachment.GIF)
            && newContent.get("info") instanceof ObjectNode) {
          ((ObjectNode) newContent.get("info")).remove(GIF_KEY);
        }
      }
      if (now.hasCaption()) {
        body(newContent, now, was.hasCaption() ? was : null);
      } else if (was.hasCaption()) {
        newContent.put("body", file.fileName() != null ? file.fileName() : "");
        newContent.remove(List.of("format", "formatted_body"));
      }
    } else {
      body(newContent, now, was);
    }
    if (nested) {
      mirrorFallback(c, before, newContent);
    }
    return new OutgoingEvent(read.eventType(), null, null, c);
  }

  /** The top-level fallback of an edit follows its new content, keeping its {@code * } marker. */
  private static void mirrorFallback(ObjectNode top, ObjectNode before, ObjectNode after) {
    String marker = top.path("body").asText("").startsWith("* ") ? "* " : "";
    for (String key : List.of("msgtype", "body", "format", "formatted_body", VOICE_KEY, "info")) {
      JsonNode was = before.get(key);
      JsonNode now = after.get(key);
      if (Objects.equals(was, now)) {
        continue;
      }
      if (now == null) {
        top.remove(key);
      } else if ((key.equals("body") || key.equals("formatted_body")) && now.isTextual()) {
        top.put(key, marker + now.textValue());
      } else {
        top.set(key, now.deepCopy());
      }
    }
  }

  // --- status and notice ----------------------------------------------------------------------

  /**
   * The message send status bridgev2 would send (bridgev2 messagestatus.go ToMSSEvent): {@code
   * m.relates_to} (a reference to the event), {@code status}, {@code reason} (failures only),
   * {@code message}, {@code relates_to_txn_id} when the sender's transaction id is known; never
   * {@code network}, {@code error} or {@code last_retry}.
   */
  private static ObjectNode status(
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
  private static ObjectNode notice(MatrixRead read, ObjectNode status) {
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
