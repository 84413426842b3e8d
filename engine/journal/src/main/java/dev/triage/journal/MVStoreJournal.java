package dev.triage.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.adapter.DeliveryResult;
import dev.triage.delivery.Delivery;
import dev.triage.delivery.DeliveryJournal;
import dev.triage.delivery.MessageLedger;
import dev.triage.json.TriageJson;
import dev.triage.verdict.Reasons;
import dev.triage.verdict.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * A {@link DeliveryJournal} and {@link MessageLedger} in one H2 MVStore file, so that a client
 * repeating an action after Triage crashed gets the first result and the network gets nothing
 * twice, and edit and delete limits still know when a message was sent. A result is committed
 * before {@link #record} returns, together with the ledger changes made before it ({@link Delivery}
 * records the ledger first), so a process killed at any moment loses nothing it had answered; a
 * ledger change on its own is committed by MVStore's background commit within a second. A part sent
 * to a network that does not deduplicate keys is noted before it goes ({@link #begin}); one still
 * noted when the file is next opened was cut off by a crash and is settled as a permanent failure
 * that may have been delivered, so that a repeat does not post it twice. Entries older than their
 * use are pruned when the file is opened: results after {@code rememberFor}, ledger entries after
 * {@code ledgerFor}. Thread-safe.
 */
public final class MVStoreJournal implements DeliveryJournal, MessageLedger, AutoCloseable {
  private static final char SEPARATOR = '\u0000';

  private final MVStore store;
  private final MVMap<String, String> results;
  private final MVMap<String, String> ledger;
  private final MVMap<String, Long> begun;
  private final Clock clock;

  private MVStoreJournal(MVStore store, Clock clock) {
    this.store = store;
    this.results = store.openMap("results");
    this.ledger = store.openMap("ledger");
    this.begun = store.openMap("begun");
    this.clock = clock;
  }

  /**
   * Opens (or creates) the journal at {@code file} and prunes what is too old to matter.
   *
   * @param rememberFor how long a result answers a repeated action
   * @param ledgerFor how long a message's sent time and edit count are kept
   * @throws IllegalArgumentException when the file cannot be opened, saying why
   */
  public static MVStoreJournal open(
      Path file, Clock clock, Duration rememberFor, Duration ledgerFor) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      MVStore store = new MVStore.Builder().fileName(file.toString()).open();
      MVStoreJournal journal = new MVStoreJournal(store, clock);
      journal.settleInterrupted();
      journal.prune(rememberFor, ledgerFor);
      return journal;
    } catch (MVStoreException | java.io.IOException | IllegalStateException e) {
      throw new IllegalArgumentException(
          "cannot open the journal " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parts that were begun and never finished were being sent when the process died: the network may
   * have them. They become permanent failures that say so, the answer a repeat will get.
   */
  private void settleInterrupted() {
    List<String> interrupted = new ArrayList<>(begun.keySet());
    for (String key : interrupted) {
      results.put(
          key,
          encode(
              DeliveryResult.permanent(
                  Reasons.FOREIGN_NETWORK_ERROR,
                  "Triage stopped while this was being delivered; it may have been delivered,"
                      + " so it is not sent again")));
      begun.remove(key);
    }
    store.commit();
  }

  private void prune(Duration rememberFor, Duration ledgerFor) {
    long now = clock.millis();
    // MVMap's iterators do not remove: collect the keys first.
    List<String> oldResults = new ArrayList<>();
    results.forEach(
        (key, value) -> {
          if (now - TriageJson.parse(value).path("t").asLong() > rememberFor.toMillis()) {
            oldResults.add(key);
          }
        });
    List<String> oldMessages = new ArrayList<>();
    ledger.forEach(
        (key, value) -> {
          if (now - sentAtOf(value) > ledgerFor.toMillis()) {
            oldMessages.add(key);
          }
        });
    oldResults.forEach(results::remove);
    oldMessages.forEach(ledger::remove);
    store.commit();
  }

  private static String key(String chatID, String id) {
    return chatID + SEPARATOR + id;
  }

  @Override
  public Optional<DeliveryResult> recorded(String chatID, String key) {
    String value = results.get(key(chatID, key));
    if (value == null) {
      return Optional.empty();
    }
    JsonNode json = TriageJson.parse(value);
    return Optional.of(
        new DeliveryResult(
            Status.valueOf(json.path("status").asText()),
            text(json, "messageID"),
            text(json, "reason"),
            text(json, "message")));
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  @Override
  public void record(String chatID, String key, DeliveryResult result) {
    String id = key(chatID, key);
    results.put(id, encode(result));
    begun.remove(id);
    store.commit();
  }

  @Override
  public void begin(String chatID, String key) {
    begun.put(key(chatID, key), clock.millis());
    store.commit();
  }

  /**
   * Not committed at once: if the process dies before the background commit, the part is settled as
   * possibly delivered, the safe side of a retriable failure.
   */
  @Override
  public void abandon(String chatID, String key) {
    begun.remove(key(chatID, key));
  }

  private String encode(DeliveryResult result) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("status", result.status().name());
    json.put("messageID", result.messageID());
    json.put("reason", result.reason());
    json.put("message", result.message());
    json.put("t", clock.millis());
    return TriageJson.toJson(json);
  }

  @Override
  public void sent(String chatID, String messageID, Instant sentAt) {
    if (messageID == null) {
      return;
    }
    ledger.put(key(chatID, messageID), sentAt.toEpochMilli() + ":0");
  }

  @Override
  public synchronized void edited(String chatID, String messageID) {
    String key = key(chatID, messageID);
    String before = ledger.get(key);
    if (before != null) {
      ledger.put(key, sentAtOf(before) + ":" + (editCountOf(before) + 1));
    }
  }

  @Override
  public void deleted(String chatID, String messageID) {
    ledger.remove(key(chatID, messageID));
  }

  @Override
  public Optional<Entry> lookup(String chatID, String messageID) {
    String value = ledger.get(key(chatID, messageID));
    return value == null
        ? Optional.empty()
        : Optional.of(new Entry(Instant.ofEpochMilli(sentAtOf(value)), editCountOf(value)));
  }

  private static long sentAtOf(String value) {
    return Long.parseLong(value.substring(0, value.indexOf(':')));
  }

  private static int editCountOf(String value) {
    return Integer.parseInt(value.substring(value.indexOf(':') + 1));
  }

  /** How many results are kept; for tests and metrics. */
  public int results() {
    return results.size();
  }

  @Override
  public void close() {
    store.close();
  }
}
