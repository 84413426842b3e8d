package dev.triage.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.adapter.DeliveryResult;
import dev.triage.delivery.Delivery;
import dev.triage.delivery.DeliveryJournal;
import dev.triage.delivery.IdempotencyKeys;
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
import java.util.concurrent.CompletionStage;
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
 * use are pruned when the file is opened and then hourly: results after {@code rememberFor}, ledger
 * entries after {@code ledgerFor}. Thread-safe.
 *
 * <p>Commits are grouped on a thread of their own ({@link GroupCommit}): a result or a begin waits
 * for a commit that covers it, and one commit covers every write made before it, so deliveries
 * finishing together share one. {@link #beginAsync} (what a claim calls) and {@link #recordAsync}
 * wait without a thread: their stages complete when the commit is done, so any number of deliveries
 * in flight can share a commit. The blocking methods ({@link #record}, {@link #begin}) run on
 * threads that may block (Delivery's {@code journalOn}), never an event loop.
 *
 * <p>The file holds these maps: {@code results} and {@code begun} by chat and part key ({@link
 * IdempotencyKeys}), {@code ids} (the fingerprint of the action first delivered under each id, so
 * that the id reused for another action after a restart is refused), {@code ledger} by chat and
 * network message id, and {@code meta} ({@code format}). Format 1, before part keys were made
 * unique per chat (the client's id, then {@code id#2}, …), is migrated when the file is opened:
 * {@code id#n} becomes part n of {@code id}, anything else part 1, the reading Delivery wrote them
 * with. Entries so migrated have no fingerprint.
 */
public final class MVStoreJournal implements DeliveryJournal, MessageLedger, AutoCloseable {
  private static final char SEPARATOR = '\u0000';

  /** The format this class writes; see the class comment. */
  static final int FORMAT = 2;

  private static final java.util.regex.Pattern LEGACY_PART =
      java.util.regex.Pattern.compile("(.*)#([1-9][0-9]{0,8})", java.util.regex.Pattern.DOTALL);

  private final MVStore store;
  private final MVMap<String, String> results;
  private final MVMap<String, String> ledger;
  private final MVMap<String, Long> begun;
  private final MVMap<String, String> ids;
  private final MVMap<String, String> meta;
  private final Clock clock;

  /** Commits for results and begins, grouped on a thread of their own. */
  private final GroupCommit commits;

  private java.util.concurrent.ScheduledExecutorService pruning;

  private MVStoreJournal(MVStore store, Clock clock) {
    this.store = store;
    this.results = store.openMap("results");
    this.ledger = store.openMap("ledger");
    this.begun = store.openMap("begun");
    this.ids = store.openMap("ids");
    this.meta = store.openMap("meta");
    this.clock = clock;
    this.commits = new GroupCommit(store::commit);
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
    return open(file, clock, rememberFor, ledgerFor, Duration.ofHours(1));
  }

  /**
   * Opens (or creates) the journal at {@code file}, prunes what is too old to matter, and again
   * every {@code pruneEvery} while it is open.
   *
   * @throws IllegalArgumentException when the file cannot be opened, saying why
   */
  public static MVStoreJournal open(
      Path file, Clock clock, Duration rememberFor, Duration ledgerFor, Duration pruneEvery) {
    MVStoreJournal journal = openFile(file, clock, rememberFor, ledgerFor);
    journal.pruning =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "triage-journal-prune");
              thread.setDaemon(true);
              return thread;
            });
    journal.pruning.scheduleWithFixedDelay(
        () -> {
          try {
            journal.prune(rememberFor, ledgerFor);
          } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger("dev.triage.journal")
                .warning("pruning the journal failed, trying again later: " + e.getMessage());
          }
        },
        pruneEvery.toMillis(),
        pruneEvery.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
    return journal;
  }

  private static MVStoreJournal openFile(
      Path file, Clock clock, Duration rememberFor, Duration ledgerFor) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      MVStore store = new MVStore.Builder().fileName(file.toString()).open();
      MVStoreJournal journal = new MVStoreJournal(store, clock);
      journal.migrate();
      journal.settleInterrupted();
      journal.prune(rememberFor, ledgerFor);
      return journal;
    } catch (MVStoreException | java.io.IOException | IllegalStateException e) {
      throw new IllegalArgumentException(
          "cannot open the journal " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Brings a format-1 file to this format: its part keys were the client's id for part 1 and {@code
   * id#n} for part n; they become {@link IdempotencyKeys#key}. Idempotent, and done once: the
   * format is written last, in the same commit.
   */
  private void migrate() {
    String format = meta.get("format");
    if (format != null) {
      if (Integer.parseInt(format) > FORMAT) {
        throw new IllegalStateException(
            "the journal is format " + format + ", newer than this Triage (" + FORMAT + ")");
      }
      return;
    }
    for (String key : new ArrayList<>(results.keySet())) {
      results.put(migrated(key), results.remove(key));
    }
    for (String key : new ArrayList<>(begun.keySet())) {
      begun.put(migrated(key), begun.remove(key));
    }
    meta.put("format", Integer.toString(FORMAT));
    store.commit();
  }

  /** A format-1 key {@code chat\0id} or {@code chat\0id#n} in this format. */
  static String migrated(String legacy) {
    int separator = legacy.indexOf(SEPARATOR);
    String chatID = legacy.substring(0, separator);
    String id = legacy.substring(separator + 1);
    java.util.regex.Matcher part = LEGACY_PART.matcher(id);
    if (part.matches() && Integer.parseInt(part.group(2)) >= 2) {
      return key(
          chatID, IdempotencyKeys.key(chatID, part.group(1), Integer.parseInt(part.group(2))));
    }
    return key(chatID, IdempotencyKeys.key(chatID, id, 1));
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

  void prune(Duration rememberFor, Duration ledgerFor) {
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
    List<String> oldIds = new ArrayList<>();
    ids.forEach(
        (key, value) -> {
          if (now - Long.parseLong(value.substring(0, value.indexOf(':')))
              > rememberFor.toMillis()) {
            oldIds.add(key);
          }
        });
    oldResults.forEach(results::remove);
    oldMessages.forEach(ledger::remove);
    oldIds.forEach(ids::remove);
    durable();
  }

  /** Returns once the writes this thread made are committed, by a commit shared with others. */
  private void durable() {
    GroupCommit.await(commits.after());
  }

  /** How many commits results and begins took; for tests and metrics. */
  long commits() {
    return commits.commits();
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
    GroupCommit.await(recordAsync(chatID, key, result));
  }

  /**
   * Records the result and completes when a commit covers it, without a thread waiting for the
   * file: deliveries finishing together share the commit. Completes on the journal's commit thread.
   */
  @Override
  public CompletionStage<Void> recordAsync(String chatID, String key, DeliveryResult result) {
    String id = key(chatID, key);
    results.put(id, encode(result));
    begun.remove(id);
    return commits.after();
  }

  @Override
  public void begin(String chatID, String key) {
    GroupCommit.await(beginAsync(chatID, key));
  }

  /**
   * Notes the part and completes when a commit covers the note, without a thread waiting for the
   * file: claims made together share the commit. Completes on the journal's commit thread.
   */
  @Override
  public CompletionStage<Void> beginAsync(String chatID, String key) {
    begun.put(key(chatID, key), clock.millis());
    return commits.after();
  }

  /**
   * Not committed at once: if the process dies before the background commit, the part is settled as
   * possibly delivered, the safe side of a retriable failure.
   */
  @Override
  public void abandon(String chatID, String key) {
    begun.remove(key(chatID, key));
  }

  @Override
  public Optional<String> fingerprint(String chatID, String stem) {
    String value = ids.get(key(chatID, stem));
    return value == null ? Optional.empty() : Optional.of(value.substring(value.indexOf(':') + 1));
  }

  /** Committed with the next result or begin, or by MVStore's background commit. */
  @Override
  public void keepFingerprint(String chatID, String stem, String fingerprint) {
    ids.putIfAbsent(key(chatID, stem), clock.millis() + ":" + fingerprint);
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
    if (pruning != null) {
      pruning.shutdownNow();
    }
    commits.close();
    store.close();
  }
}
