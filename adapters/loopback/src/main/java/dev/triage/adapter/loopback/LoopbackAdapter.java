package dev.triage.adapter.loopback;

import dev.triage.action.Action;
import dev.triage.action.Delete;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.action.Reaction;
import dev.triage.adapter.DeliveryResult;
import dev.triage.adapter.MessageTimestamps;
import dev.triage.adapter.NetworkAdapter;
import dev.triage.verdict.Reasons;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers into memory: keeps the most recent messages of each chat, gives each an id and a time,
 * and applies edits, deletes and reactions to what it holds. Actions without a message (typing,
 * receipts, state, …) are accepted and not kept. The embedded default, so a newcomer sees the
 * result; thread-safe.
 */
public final class LoopbackAdapter implements NetworkAdapter, MessageTimestamps {
  /**
   * A message as the loopback holds it.
   *
   * @param messageID the id the loopback gave it
   * @param sentAt when it was delivered
   * @param action what was delivered (for an edited message, the latest text)
   * @param editCount how often it was edited
   * @param reactions reaction key → count, in the order the keys were first added (oldest first)
   */
  public record StoredMessage(
      String messageID,
      Instant sentAt,
      Action action,
      int editCount,
      Map<String, Integer> reactions) {
    public StoredMessage {
      // Kept in order: a sender's oldest reaction is the one a full chat replaces.
      reactions = Collections.unmodifiableMap(new LinkedHashMap<>(reactions));
    }
  }

  private final Clock clock;
  private final int perChat;
  private final int chats;
  private final AtomicLong ids = new AtomicLong();

  /** Chat → its messages, oldest first; the least recently used chat goes first when full. */
  private final LinkedHashMap<String, Deque<StoredMessage>> store;

  /**
   * @param perChat how many messages a chat keeps (older ones go first)
   * @param chats how many chats are kept (the least recently used goes first)
   */
  public LoopbackAdapter(Clock clock, int perChat, int chats) {
    if (perChat < 1 || chats < 1) {
      throw new IllegalArgumentException("perChat and chats must be at least 1");
    }
    this.clock = clock;
    this.perChat = perChat;
    this.chats = chats;
    this.store =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Deque<StoredMessage>> eldest) {
            return size() > LoopbackAdapter.this.chats;
          }
        };
  }

  @Override
  public synchronized CompletionStage<DeliveryResult> deliver(
      String chatID, Action action, String idempotencyKey) {
    Deque<StoredMessage> messages = store.computeIfAbsent(chatID, k -> new ArrayDeque<>());
    switch (action.type()) {
      case MESSAGE:
      case POLL:
      case LOCATION:
        String id = "$loopback-" + ids.incrementAndGet();
        messages.addLast(new StoredMessage(id, clock.instant(), action, 0, Map.of()));
        while (messages.size() > perChat) {
          messages.removeFirst();
        }
        return done(DeliveryResult.delivered(id));
      case EDIT:
        Edit edit = (Edit) action;
        return update(
            messages,
            edit.messageID(),
            m ->
                new StoredMessage(
                    m.messageID(),
                    m.sentAt(),
                    editedAction(m.action(), edit),
                    m.editCount() + 1,
                    m.reactions()));
      case DELETE:
        Delete delete = (Delete) action;
        for (Iterator<StoredMessage> it = messages.iterator(); it.hasNext(); ) {
          if (it.next().messageID().equals(delete.messageID())) {
            it.remove();
            return done(DeliveryResult.delivered(delete.messageID()));
          }
        }
        return done(unknown(delete.messageID()));
      case REACTION:
        Reaction reaction = (Reaction) action;
        return update(
            messages,
            reaction.messageID(),
            m -> {
              Map<String, Integer> reactions = new LinkedHashMap<>(m.reactions());
              reactions.merge(reaction.key(), reaction.remove() ? -1 : 1, Integer::sum);
              reactions.values().removeIf(count -> count <= 0);
              return new StoredMessage(
                  m.messageID(), m.sentAt(), m.action(), m.editCount(), reactions);
            });
      default:
        return done(DeliveryResult.delivered(null));
    }
  }

  private static Action editedAction(Action original, Edit edit) {
    if (original instanceof Message) {
      Message edited = ((Message) original).withText(edit.text(), edit.html());
      return edit.attachment() == null ? edited : edited.withAttachment(edit.attachment());
    }
    return original;
  }

  private CompletionStage<DeliveryResult> update(
      Deque<StoredMessage> messages,
      String messageID,
      java.util.function.UnaryOperator<StoredMessage> change) {
    List<StoredMessage> copy = new ArrayList<>(messages);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i).messageID().equals(messageID)) {
        copy.set(i, change.apply(copy.get(i)));
        messages.clear();
        messages.addAll(copy);
        return done(DeliveryResult.delivered(messageID));
      }
    }
    return done(unknown(messageID));
  }

  private static DeliveryResult unknown(String messageID) {
    return DeliveryResult.permanent(
        Reasons.EVENT_NOT_HANDLED, "no message " + messageID + " in this chat");
  }

  private static CompletionStage<DeliveryResult> done(DeliveryResult result) {
    return CompletableFuture.completedFuture(result);
  }

  /** The chat's messages, oldest first. */
  public synchronized List<StoredMessage> messages(String chatID) {
    Deque<StoredMessage> messages = store.get(chatID);
    return messages == null ? List.of() : List.copyOf(messages);
  }

  @Override
  public synchronized CompletionStage<Optional<Instant>> sentAt(String chatID, String messageID) {
    return CompletableFuture.completedFuture(
        messages(chatID).stream()
            .filter(m -> m.messageID().equals(messageID))
            .map(StoredMessage::sentAt)
            .findFirst());
  }
}
