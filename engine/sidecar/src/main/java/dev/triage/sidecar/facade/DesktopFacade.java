package dev.triage.sidecar.facade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.action.Chat;
import dev.triage.action.ChatOperation;
import dev.triage.action.Delete;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.action.Reaction;
import dev.triage.action.ReplyTo;
import dev.triage.action.TextType;
import dev.triage.adapter.DeliveryResult;
import dev.triage.adapter.loopback.LoopbackAdapter;
import dev.triage.capability.Spelling;
import dev.triage.delivery.DeliveryOutcome;
import dev.triage.json.TriageJson;
import dev.triage.sidecar.gateway.Gateway;
import dev.triage.sidecar.http.ApiException;
import dev.triage.sidecar.http.ErrorCode;
import dev.triage.sidecar.http.JsonBodies;
import dev.triage.sidecar.http.Responses;
import dev.triage.sidecar.http.RouteGroup;
import dev.triage.store.ChatCapabilities;
import dev.triage.verdict.Decision;
import dev.triage.verdict.Note;
import dev.triage.verdict.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The Beeper Desktop API's routes for chats and messages, with its JSON shapes, cursor pagination
 * and error shape, so that its official clients talk to Triage unchanged. Every route that acts
 * mediates first (a message's text is Markdown, as the Desktop API takes it), then delivers through
 * the chat's adapter. A rejected action, or a dropped one the sender wrote, answers 422 with a code
 * and a message a person can act on; a degraded one succeeds and says what changed in {@code
 * X-Triage-Decision} and {@code X-Triage-Notes} headers and a {@code triage} field, which clients
 * may ignore.
 */
public final class DesktopFacade implements RouteGroup {
  /** Chats and messages per page. */
  static final int PAGE = 50;

  /** What the facade keeps of a chat that no network keeps: archive, unread mark, reminder. */
  private record ChatState(boolean archived, boolean markedUnread, ObjectNode reminder) {}

  private final Gateway gateway;
  private final Map<String, ChatState> chatStates = new ConcurrentHashMap<>();

  /** The facade over the gateway's chats, delivering through it. */
  public DesktopFacade(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public void mount(Router router) {
    router.get("/v1/chats").handler(this::listChats);
    router.get("/v1/chats/:chatID").handler(this::getChat);
    router.post("/v1/chats/:chatID/archive").handler(this::archive);
    router.post("/v1/chats/:chatID/read").handler(ctx -> readState(ctx, ChatOperation.MARK_READ));
    router
        .post("/v1/chats/:chatID/unread")
        .handler(ctx -> readState(ctx, ChatOperation.MARK_UNREAD));
    router.post("/v1/chats/:chatID/reminders").handler(this::setReminder);
    router.delete("/v1/chats/:chatID/reminders").handler(this::clearReminder);
    router.get("/v1/chats/:chatID/messages").handler(this::listMessages);
    router.post("/v1/chats/:chatID/messages").handler(this::sendMessage);
    router.get("/v1/chats/:chatID/messages/:messageID").handler(this::getMessage);
    router.put("/v1/chats/:chatID/messages/:messageID").handler(this::editMessage);
    router.delete("/v1/chats/:chatID/messages/:messageID").handler(this::deleteMessage);
    router.post("/v1/chats/:chatID/messages/:messageID/reactions").handler(this::addReaction);
    router
        .delete("/v1/chats/:chatID/messages/:messageID/reactions/:reactionKey")
        .handler(this::removeReaction);
  }

  // --- chats -----------------------------------------------------------------------------------

  private ChatCapabilities chat(RoutingContext ctx) {
    String chatID = ctx.pathParam("chatID");
    return gateway
        .store()
        .listed(chatID)
        .orElseThrow(
            () ->
                new ApiException(
                    ErrorCode.NOT_FOUND,
                    "chat "
                        + chatID
                        + " has no capabilities: PUT /v1/chats/{chatID}/capabilities first",
                    null));
  }

  private void listChats(RoutingContext ctx) {
    List<String> ids = gateway.store().chatIDs();
    String cursor = ctx.request().getParam("cursor");
    int from = 0;
    if (cursor != null) {
      int at = ids.indexOf(cursor);
      from = at < 0 ? ids.size() : at + 1;
    }
    List<String> page = ids.subList(Math.min(from, ids.size()), Math.min(from + PAGE, ids.size()));
    ObjectNode out = object();
    ArrayNode items = out.putArray("items");
    for (String id : page) {
      gateway.store().listed(id).ifPresent(entry -> items.add(chatJson(id, entry)));
    }
    out.put("hasMore", from + PAGE < ids.size());
    DesktopJson.putCursor(out, "oldestCursor", page.isEmpty() ? null : page.get(page.size() - 1));
    DesktopJson.putCursor(out, "newestCursor", page.isEmpty() ? null : page.get(0));
    Responses.json(ctx, 200, out);
  }

  private void getChat(RoutingContext ctx) {
    Responses.json(ctx, 200, chatJson(ctx.pathParam("chatID"), chat(ctx)));
  }

  private ObjectNode chatJson(String chatID, ChatCapabilities entry) {
    String network = gateway.networkOf(entry);
    ChatState state = chatStates.getOrDefault(chatID, new ChatState(false, false, null));
    ObjectNode chat =
        object().put("id", chatID).put("accountID", network == null ? "triage" : network);
    chat.put("network", network == null ? "triage" : network);
    ObjectNode participants = chat.putObject("participants");
    participants.put("hasMore", false).putArray("items");
    participants.put("total", 0);
    chat.put("title", chatID).put("type", "single").put("unreadCount", 0);
    chat.set(
        "capabilities", TriageJson.writeCapabilities(entry.capabilities(), Spelling.DESKTOP_API));
    chat.put("isArchived", state.archived()).put("isMarkedUnread", state.markedUnread());
    if (state.reminder() != null) {
      chat.set("reminder", state.reminder());
    }
    return chat;
  }

  private void archive(RoutingContext ctx) {
    ChatCapabilities entry = chat(ctx);
    JsonNode body = JsonBodies.optional(ctx);
    boolean archived =
        body == null || !body.has("archived") || body.get("archived").asBoolean(true);
    String chatID = ctx.pathParam("chatID");
    act(
        ctx,
        chatID,
        entry,
        new Chat(null, chatID, archived ? ChatOperation.ARCHIVE : ChatOperation.UNARCHIVE),
        outcome -> {
          update(chatID, s -> new ChatState(archived, s.markedUnread(), s.reminder()));
          return object().put("success", true);
        });
  }

  private void readState(RoutingContext ctx, ChatOperation operation) {
    ChatCapabilities entry = chat(ctx);
    String chatID = ctx.pathParam("chatID");
    act(
        ctx,
        chatID,
        entry,
        new Chat(null, chatID, operation),
        outcome -> {
          update(
              chatID,
              s ->
                  new ChatState(
                      s.archived(), operation == ChatOperation.MARK_UNREAD, s.reminder()));
          return chatJson(chatID, entry);
        });
  }

  private void setReminder(RoutingContext ctx) {
    chat(ctx);
    JsonNode body = JsonBodies.optional(ctx);
    JsonNode reminder = body == null ? null : body.get("reminder");
    if (reminder == null || !reminder.isObject() || !reminder.hasNonNull("remindAt")) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD,
          "reminder.remindAt: is required (an ISO date-time)",
          Responses.field("reminder.remindAt"));
    }
    try {
      Instant.parse(reminder.get("remindAt").asText());
    } catch (java.time.format.DateTimeParseException e) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD,
          "reminder.remindAt: not an ISO date-time: " + reminder.get("remindAt").asText(),
          Responses.field("reminder.remindAt"));
    }
    // A reminder lives in the client, not on the network: nothing to mediate.
    update(
        ctx.pathParam("chatID"),
        s -> new ChatState(s.archived(), s.markedUnread(), (ObjectNode) reminder.deepCopy()));
    Responses.json(ctx, 200, object().put("success", true));
  }

  private void clearReminder(RoutingContext ctx) {
    chat(ctx);
    update(ctx.pathParam("chatID"), s -> new ChatState(s.archived(), s.markedUnread(), null));
    Responses.json(ctx, 200, object().put("success", true));
  }

  private void update(String chatID, java.util.function.UnaryOperator<ChatState> change) {
    chatStates.compute(
        chatID, (id, s) -> change.apply(s == null ? new ChatState(false, false, null) : s));
  }

  // --- messages --------------------------------------------------------------------------------

  private List<LoopbackAdapter.StoredMessage> stored(String chatID, ChatCapabilities entry) {
    return gateway
        .adapters()
        .adapter(gateway.networkOf(entry), LoopbackAdapter.class)
        .map(l -> l.messages(chatID))
        .orElse(List.of());
  }

  private void listMessages(RoutingContext ctx) {
    ChatCapabilities entry = chat(ctx);
    String chatID = ctx.pathParam("chatID");
    List<LoopbackAdapter.StoredMessage> all = new ArrayList<>(stored(chatID, entry));
    java.util.Collections.reverse(all); // newest first
    String cursor = ctx.request().getParam("cursor");
    boolean after = "after".equals(ctx.request().getParam("direction"));
    List<LoopbackAdapter.StoredMessage> selected = new ArrayList<>();
    for (LoopbackAdapter.StoredMessage message : all) {
      if (cursor == null
          || (after
              ? DesktopJson.sortKey(message).compareTo(cursor) > 0
              : DesktopJson.sortKey(message).compareTo(cursor) < 0)) {
        selected.add(message);
      }
    }
    List<LoopbackAdapter.StoredMessage> page =
        after && selected.size() > PAGE
            ? selected.subList(selected.size() - PAGE, selected.size())
            : selected.subList(0, Math.min(PAGE, selected.size()));
    ObjectNode out = object();
    ArrayNode items = out.putArray("items");
    String network = gateway.networkOf(entry);
    page.forEach(message -> items.add(DesktopJson.messageJson(chatID, network, message)));
    out.put("hasMore", selected.size() > page.size());
    DesktopJson.putCursor(
        out,
        "oldestCursor",
        page.isEmpty() ? null : DesktopJson.sortKey(page.get(page.size() - 1)));
    DesktopJson.putCursor(
        out, "newestCursor", page.isEmpty() ? null : DesktopJson.sortKey(page.get(0)));
    Responses.json(ctx, 200, out);
  }

  private void getMessage(RoutingContext ctx) {
    ChatCapabilities entry = chat(ctx);
    String chatID = ctx.pathParam("chatID");
    Responses.json(
        ctx,
        200,
        DesktopJson.messageJson(
            chatID, gateway.networkOf(entry), find(chatID, entry, ctx.pathParam("messageID"))));
  }

  private LoopbackAdapter.StoredMessage find(
      String chatID, ChatCapabilities entry, String messageID) {
    return stored(chatID, entry).stream()
        .filter(m -> m.messageID().equals(messageID))
        .findFirst()
        .orElseThrow(
            () ->
                new ApiException(
                    ErrorCode.NOT_FOUND, "no message " + messageID + " in chat " + chatID, null));
  }

  private void sendMessage(RoutingContext ctx) {
    ChatCapabilities entry = chat(ctx);
    String chatID = ctx.pathParam("chatID");
    JsonNode body = JsonBodies.optional(ctx);
    if (body != null && body.has("attachment")) {
      throw new ApiException(
          ErrorCode.UNSUPPORTED,
          "attachment: files go through the Desktop API's asset routes, which Triage does not serve; send text here",
          Responses.field("attachment"));
    }
    String text = body == null || !body.hasNonNull("text") ? null : body.get("text").asText();
    if (text == null || text.isEmpty()) {
      throw new ApiException(ErrorCode.INVALID_FIELD, "text: is required", Responses.field("text"));
    }
    String replyTo =
        body.hasNonNull("replyToMessageID") ? body.get("replyToMessageID").asText() : null;
    ReplyTo reply = null;
    if (replyTo != null) {
      // The quote fallback needs the original's text, which the loopback may know.
      Optional<LoopbackAdapter.StoredMessage> original =
          stored(chatID, entry).stream().filter(m -> m.messageID().equals(replyTo)).findFirst();
      reply =
          new ReplyTo(
              replyTo, null, original.map(m -> DesktopJson.textOf(m.action())).orElse(null));
    }
    Message message = new Message(null, chatID, TextType.TEXT, text, null, reply, null, null, true);
    act(
        ctx,
        chatID,
        entry,
        message,
        outcome -> {
          ObjectNode out = object().put("chatID", chatID);
          String id =
              outcome.deliveries().isEmpty() ? null : outcome.deliveries().get(0).messageID();
          out.put("pendingMessageID", id == null ? "" : id);
          return out;
        });
  }

  private void editMessage(RoutingContext ctx) {
    ChatCapabilities entry = chat(ctx);
    String chatID = ctx.pathParam("chatID");
    String messageID = ctx.pathParam("messageID");
    JsonNode body = JsonBodies.optional(ctx);
    if (body == null || !body.hasNonNull("text") || body.get("text").asText().isEmpty()) {
      throw new ApiException(ErrorCode.INVALID_FIELD, "text: is required", Responses.field("text"));
    }
    find(chatID, entry, messageID);
    act(
        ctx,
        chatID,
        entry,
        new Edit(null, chatID, messageID, null, null, body.get("text").asText(), null),
        outcome -> {
          // An edit sent as a new message answers with that message.
          DeliveryResult first = outcome.deliveries().get(0);
          String id =
              outcome.verdict().decision() == Decision.DEGRADE && first.messageID() != null
                  ? first.messageID()
                  : messageID;
          ObjectNode out =
              DesktopJson.messageJson(chatID, gateway.networkOf(entry), find(chatID, entry, id));
          out.put("messageID", id).put("success", true);
          return out;
        });
  }

  private void deleteMessage(RoutingContext ctx) {
    ChatCapabilities entry = chat(ctx);
    String chatID = ctx.pathParam("chatID");
    String forEveryone = ctx.request().getParam("forEveryone");
    JsonNode body = JsonBodies.optional(ctx);
    if (forEveryone == null && body != null && body.hasNonNull("forEveryone")) {
      forEveryone = body.get("forEveryone").asText();
    }
    // Omitted, it is the chat's ordinary delete (for everyone, as a Matrix redaction is), which
    // the official client sends; only an explicit false asks for delete-for-me.
    if (forEveryone != null && !"true".equals(forEveryone) && !"false".equals(forEveryone)) {
      throw ApiException.field(
          ErrorCode.INVALID_FIELD,
          "forEveryone",
          "forEveryone: must be true or false, got \"" + forEveryone + "\"");
    }
    Delete delete =
        new Delete(null, chatID, ctx.pathParam("messageID"), null, !"false".equals(forEveryone));
    act(ctx, chatID, entry, delete, outcome -> null);
  }

  private void addReaction(RoutingContext ctx) {
    ChatCapabilities entry = chat(ctx);
    String chatID = ctx.pathParam("chatID");
    String messageID = ctx.pathParam("messageID");
    JsonNode body = JsonBodies.optional(ctx);
    if (body == null
        || !body.hasNonNull("reactionKey")
        || body.get("reactionKey").asText().isEmpty()) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD, "reactionKey: is required", Responses.field("reactionKey"));
    }
    String key = body.get("reactionKey").asText();
    String transactionID =
        body.hasNonNull("transactionID") ? body.get("transactionID").asText() : null;
    LoopbackAdapter.StoredMessage target = find(chatID, entry, messageID);
    // The sender's own reactions so far, oldest first: Triage is the sender of what the loopback
    // holds. At the chat's reaction_count the oldest are removed to make room.
    List<String> existing = List.copyOf(target.reactions().keySet());
    act(
        ctx,
        chatID,
        entry,
        Reaction.adding(transactionID, chatID, messageID, key, existing),
        outcome -> {
          ObjectNode out =
              object()
                  .put("chatID", chatID)
                  .put("messageID", messageID)
                  .put("reactionKey", key)
                  .put("success", true);
          out.put("transactionID", transactionID == null ? "" : transactionID);
          return out;
        });
  }

  private void removeReaction(RoutingContext ctx) {
    ChatCapabilities entry = chat(ctx);
    String chatID = ctx.pathParam("chatID");
    String messageID = ctx.pathParam("messageID");
    String key = ctx.pathParam("reactionKey");
    act(
        ctx,
        chatID,
        entry,
        new Reaction(null, chatID, messageID, key, true, null),
        outcome ->
            object()
                .put("chatID", chatID)
                .put("messageID", messageID)
                .put("reactionKey", key)
                .put("success", true));
  }

  // --- mediation -------------------------------------------------------------------------------

  /**
   * Mediates and delivers; a reject, or a drop of the sender's content, answers 422, a failed
   * delivery 502 (retriable: 503); else {@code answer} builds the body (null: an empty 200), with
   * the decision in headers and a {@code triage} field when something changed.
   */
  private void act(
      RoutingContext ctx,
      String chatID,
      ChatCapabilities entry,
      Action action,
      Function<DeliveryOutcome, ObjectNode> answer) {
    gateway
        .deliver(chatID, entry, action)
        .whenComplete(
            (delivered, failure) -> {
              if (failure != null) {
                Responses.fail(ctx, failure);
                return;
              }
              try {
                respond(ctx, delivered.outcome(), answer);
              } catch (RuntimeException e) {
                ctx.fail(e);
              }
            });
  }

  private static void respond(
      RoutingContext ctx, DeliveryOutcome outcome, Function<DeliveryOutcome, ObjectNode> answer) {
    List<String> codes = new ArrayList<>();
    for (Note note : outcome.verdict().notes()) {
      codes.add(note.code().code());
    }
    Decision decision = outcome.verdict().decision();
    ctx.response().putHeader("X-Triage-Decision", decision.wireName());
    if (!codes.isEmpty()) {
      ctx.response().putHeader("X-Triage-Notes", String.join(", ", codes));
    }
    // A drop of what the sender wrote is not sent either: as much a refusal as a reject.
    boolean refused =
        decision == Decision.REJECT
            || (decision == Decision.DROP && outcome.sendStatus().status() != Status.SUCCESS);
    if (refused) {
      Note first = outcome.verdict().notes().isEmpty() ? null : outcome.verdict().notes().get(0);
      ObjectNode details =
          object()
              .put("decision", decision.wireName())
              .put("reason", outcome.sendStatus().reason());
      if (first != null) {
        details.put("note", first.code().code()).put("capability", first.capability());
      }
      Responses.error(
          ctx,
          422,
          first == null ? ErrorCode.REJECTED.code() : first.code().code(),
          outcome.sendStatus().message(),
          details);
      return;
    }
    if (outcome.sendStatus().status() != Status.SUCCESS) {
      boolean retriable = outcome.sendStatus().status() == Status.FAIL_RETRIABLE;
      Responses.error(
          ctx,
          retriable ? 503 : 502,
          ErrorCode.DELIVERY_FAILED.code(),
          outcome.sendStatus().message(),
          object().put("reason", outcome.sendStatus().reason()));
      return;
    }
    // A drop of a signal or a no-op succeeds (nothing was lost): what the facade keeps still
    // changes.
    ObjectNode body = answer.apply(outcome);
    if (body == null) {
      body = object().put("success", true);
    }
    if (decision != Decision.FORWARD) {
      ObjectNode triage = body.putObject("triage").put("decision", decision.wireName());
      ArrayNode notes = triage.putArray("notes");
      for (Note note : outcome.verdict().notes()) {
        notes.addObject().put("code", note.code().code()).put("message", note.message());
      }
    }
    Responses.json(ctx, 200, body);
  }

  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }
}
