package dev.triage.postgres;

import dev.triage.adapter.DeliveryResult;
import dev.triage.delivery.Claim;
import dev.triage.delivery.DeliveryJournal;
import dev.triage.delivery.MessageLedger;
import dev.triage.verdict.Reasons;
import dev.triage.verdict.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Ids, results and the message ledger in PostgreSQL, shared by every instance, so that an action
 * repeated on any of them is delivered once and answered the same.
 *
 * <p>Each part is one row of {@code triage_parts}, keyed by chat and part key: an instance claims
 * it with {@code INSERT … ON CONFLICT DO NOTHING RETURNING}, which exactly one of any number of
 * racing instances wins; the others read the row. A final row is the answer. A pending row is
 * another instance's delivery in progress: the repeat polls, backing off, for up to {@code
 * waitFor}, then answers a retriable failure ("in progress elsewhere") rather than delivering
 * again. A pending row whose owner stopped its heartbeat was cut off by a crash: to a network that
 * deduplicates keys it is delivered again under the same key (the claim is taken over); to one that
 * does not, it is settled as a permanent failure that may have been delivered, as the file journal
 * does after a crash. So is a claim pending for longer than any delivery takes ({@code
 * CLAIM_LEASE}, 5 minutes), whose owner lives but could not write its result. The first final
 * result stands: a later one for the same part is ignored.
 *
 * <p>Fingerprints ({@code triage_ids}) are claimed the same way, so that two instances never take
 * one id for two actions. Ledger changes are single statements ({@code edit_count = edit_count +
 * 1}), so concurrent edits on several instances all count. Results and fingerprints are pruned
 * after {@code rememberFor}, ledger entries after {@code ledgerFor}, hourly and at start. Every
 * method blocks on the database: run them on {@link PostgresStorage#executor()}.
 */
public final class PostgresJournal implements DeliveryJournal, MessageLedger {
  /** How often what is too old to matter is deleted. */
  static final Duration PRUNE_EVERY = Duration.ofHours(1);

  private static final long FIRST_POLL_MILLIS = 2;
  private static final long LONGEST_POLL_MILLIS = 200;

  private final PostgresStorage storage;
  private final Duration rememberFor;
  private final Duration ledgerFor;

  PostgresJournal(PostgresStorage storage, Duration rememberFor, Duration ledgerFor) {
    this.storage = storage;
    this.rememberFor = rememberFor;
    this.ledgerFor = ledgerFor;
    prune();
    storage
        .timer()
        .scheduleWithFixedDelay(
            () -> storage.executor().execute(this::pruneQuietly),
            PRUNE_EVERY.toMillis(),
            PRUNE_EVERY.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  // --- parts ---------------------------------------------------------------------------------

  @Override
  public CompletionStage<Claim> claim(String chatID, String key, boolean networkDeduplicates) {
    CompletableFuture<Claim> answer = new CompletableFuture<>();
    long deadline = System.nanoTime() + storage.settings().waitFor().toNanos();
    attempt(chatID, key, networkDeduplicates, deadline, FIRST_POLL_MILLIS, answer);
    return answer;
  }

  /** One look at the part; while another instance is delivering it, another look later. */
  private void attempt(
      String chatID,
      String key,
      boolean networkDeduplicates,
      long deadline,
      long delay,
      CompletableFuture<Claim> answer) {
    try {
      Optional<Claim> claim = tryClaim(chatID, key, networkDeduplicates);
      if (claim.isPresent()) {
        answer.complete(claim.get());
        return;
      }
      if (System.nanoTime() >= deadline) {
        answer.complete(
            Claim.answered(
                DeliveryResult.retriable(
                    Reasons.BRIDGE_UNAVAILABLE,
                    "in progress elsewhere: another Triage instance is still delivering this"
                        + " action; repeat it to get its answer")));
        return;
      }
      long next = Math.min(delay * 2, LONGEST_POLL_MILLIS);
      storage
          .timer()
          .schedule(
              () -> {
                try {
                  storage
                      .executor()
                      .execute(
                          () -> attempt(chatID, key, networkDeduplicates, deadline, next, answer));
                } catch (RejectedExecutionException e) {
                  answer.completeExceptionally(e);
                }
              },
              delay,
              TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
    }
  }

  /**
   * The claim, when it can be decided now: this instance's to deliver, or answered; empty while
   * another live instance is delivering the part.
   */
  private Optional<Claim> tryClaim(String chatID, String key, boolean networkDeduplicates) {
    try (Connection c = storage.dataSource().getConnection()) {
      // A row can vanish between the insert and the read (its owner failed retriably): look again.
      for (int round = 0; round < 5; round++) {
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO triage_parts (chat_id, part_key, state, owner, dedupes, claimed_at)"
                    + " VALUES (?, ?, 'pending', ?, ?, ?) ON CONFLICT DO NOTHING RETURNING 1")) {
          insert.setString(1, chatID);
          insert.setString(2, key);
          insert.setObject(3, storage.instance());
          insert.setBoolean(4, networkDeduplicates);
          insert.setLong(5, storage.clock().millis());
          try (ResultSet won = insert.executeQuery()) {
            if (won.next()) {
              return Optional.of(Claim.deliver());
            }
          }
        }
        try (PreparedStatement read =
            c.prepareStatement(
                "SELECT p.state, p.owner, p.dedupes, p.status, p.message_id, p.reason, p.message,"
                    + " (i.id IS NOT NULL AND i.seen_at > clock_timestamp() - make_interval(secs"
                    + " => ?) AND p.claimed_at > ?) AS alive FROM triage_parts p LEFT JOIN"
                    + " triage_instances i ON i.id = p.owner WHERE p.chat_id = ? AND p.part_key ="
                    + " ?")) {
          read.setDouble(1, PostgresStorage.PRESUMED_STOPPED.toMillis() / 1000.0);
          read.setLong(2, storage.clock().millis() - PostgresStorage.CLAIM_LEASE.toMillis());
          read.setString(3, chatID);
          read.setString(4, key);
          try (ResultSet row = read.executeQuery()) {
            if (!row.next()) {
              continue;
            }
            if ("final".equals(row.getString("state"))) {
              return Optional.of(Claim.answered(result(row)));
            }
            if (row.getBoolean("alive")) {
              return Optional.empty();
            }
            UUID owner = row.getObject("owner", UUID.class);
            if (row.getBoolean("dedupes")) {
              if (takeOver(c, chatID, key, owner)) {
                PostgresStorage.LOG.info(
                    "part "
                        + key
                        + " of chat "
                        + chatID
                        + " was left pending by a stopped instance; delivering it again under"
                        + " the same key");
                return Optional.of(Claim.deliver());
              }
            } else {
              settleCutOff(c, chatID, key, owner);
            }
          }
        }
      }
      return Optional.empty();
    } catch (SQLException e) {
      throw storage.failure("claiming part " + key, e);
    }
  }

  private boolean takeOver(Connection c, String chatID, String key, UUID owner)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE triage_parts SET owner = ?, claimed_at = ? WHERE chat_id = ? AND part_key = ?"
                + " AND state = 'pending' AND owner IS NOT DISTINCT FROM ?")) {
      s.setObject(1, storage.instance());
      s.setLong(2, storage.clock().millis());
      s.setString(3, chatID);
      s.setString(4, key);
      s.setObject(5, owner);
      return s.executeUpdate() == 1;
    }
  }

  /** A part cut off by a crash, to a network that may now have it: it is not sent again. */
  private void settleCutOff(Connection c, String chatID, String key, UUID owner)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE triage_parts SET state = 'final', status = 'FAIL_PERMANENT', reason = ?,"
                + " message = ?, finished_at = ? WHERE chat_id = ? AND part_key = ? AND state ="
                + " 'pending' AND owner IS NOT DISTINCT FROM ?")) {
      s.setString(1, Reasons.FOREIGN_NETWORK_ERROR);
      s.setString(
          2,
          "Triage stopped while this was being delivered; it may have been delivered, so it is"
              + " not sent again");
      s.setLong(3, storage.clock().millis());
      s.setString(4, chatID);
      s.setString(5, key);
      s.setObject(6, owner);
      s.executeUpdate();
    }
  }

  private static DeliveryResult result(ResultSet row) throws SQLException {
    return new DeliveryResult(
        Status.valueOf(row.getString("status")),
        row.getString("message_id"),
        row.getString("reason"),
        row.getString("message"));
  }

  @Override
  public Optional<DeliveryResult> recorded(String chatID, String key) {
    return storage.queryOne(
        "reading part " + key,
        "SELECT status, message_id, reason, message FROM triage_parts"
            + " WHERE chat_id = ? AND part_key = ? AND state = 'final'",
        PostgresJournal::result,
        chatID,
        key);
  }

  /** The first final result stands: a part already final keeps its result. */
  @Override
  public void record(String chatID, String key, DeliveryResult result) {
    if (result.status() == Status.FAIL_RETRIABLE) {
      throw new IllegalArgumentException("a retriable failure is not a final result: abandon it");
    }
    long now = storage.clock().millis();
    try (Connection c = storage.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO triage_parts (chat_id, part_key, state, owner, dedupes, claimed_at,"
                    + " status, message_id, reason, message, finished_at)"
                    + " VALUES (?, ?, 'final', ?, true, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (chat_id, part_key) DO UPDATE SET state = 'final',"
                    + " status = EXCLUDED.status, message_id = EXCLUDED.message_id,"
                    + " reason = EXCLUDED.reason, message = EXCLUDED.message,"
                    + " finished_at = EXCLUDED.finished_at WHERE triage_parts.state = 'pending'")) {
      s.setString(1, chatID);
      s.setString(2, key);
      s.setObject(3, storage.instance());
      s.setLong(4, now);
      s.setString(5, result.status().name());
      s.setString(6, result.messageID());
      s.setString(7, result.reason());
      s.setString(8, result.message());
      s.setLong(9, now);
      s.executeUpdate();
    } catch (SQLException e) {
      throw storage.failure("recording part " + key, e);
    }
  }

  /** A retriable failure delivered nothing: the claim goes, and a repeat anywhere tries again. */
  @Override
  public void abandon(String chatID, String key) {
    try (Connection c = storage.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "DELETE FROM triage_parts WHERE chat_id = ? AND part_key = ? AND state = 'pending'"
                    + " AND owner = ?")) {
      s.setString(1, chatID);
      s.setString(2, key);
      s.setObject(3, storage.instance());
      s.executeUpdate();
    } catch (SQLException e) {
      throw storage.failure("abandoning part " + key, e);
    }
  }

  // --- fingerprints --------------------------------------------------------------------------

  @Override
  public String claimFingerprint(String chatID, String stem, String fingerprint) {
    try (Connection c = storage.dataSource().getConnection()) {
      for (int round = 0; round < 3; round++) {
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO triage_ids (chat_id, stem, fingerprint, created_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING fingerprint")) {
          insert.setString(1, chatID);
          insert.setString(2, stem);
          insert.setString(3, fingerprint);
          insert.setLong(4, storage.clock().millis());
          try (ResultSet won = insert.executeQuery()) {
            if (won.next()) {
              return fingerprint;
            }
          }
        }
        Optional<String> first = fingerprint(c, chatID, stem);
        if (first.isPresent()) {
          return first.get();
        }
      }
      throw new IllegalStateException("the fingerprint of " + stem + " keeps vanishing");
    } catch (SQLException e) {
      throw storage.failure("claiming id " + stem, e);
    }
  }

  @Override
  public Optional<String> fingerprint(String chatID, String stem) {
    try (Connection c = storage.dataSource().getConnection()) {
      return fingerprint(c, chatID, stem);
    } catch (SQLException e) {
      throw storage.failure("reading id " + stem, e);
    }
  }

  private static Optional<String> fingerprint(Connection c, String chatID, String stem)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT fingerprint FROM triage_ids WHERE chat_id = ? AND stem = ?")) {
      s.setString(1, chatID);
      s.setString(2, stem);
      try (ResultSet row = s.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }

  @Override
  public void keepFingerprint(String chatID, String stem, String fingerprint) {
    claimFingerprint(chatID, stem, fingerprint);
  }

  // --- the ledger ----------------------------------------------------------------------------

  @Override
  public void sent(String chatID, String messageID, Instant sentAt) {
    if (messageID == null) {
      return;
    }
    storage.update(
        "recording message " + messageID,
        "INSERT INTO triage_ledger (chat_id, message_id, sent_at, edit_count) VALUES (?, ?, ?, 0)"
            + " ON CONFLICT (chat_id, message_id) DO UPDATE SET sent_at = EXCLUDED.sent_at,"
            + " edit_count = 0",
        chatID,
        messageID,
        sentAt.toEpochMilli());
  }

  /** One statement, so that edits on several instances at once all count. */
  @Override
  public void edited(String chatID, String messageID) {
    storage.update(
        "recording an edit of " + messageID,
        "UPDATE triage_ledger SET edit_count = edit_count + 1 WHERE chat_id = ? AND message_id = ?",
        chatID,
        messageID);
  }

  @Override
  public void deleted(String chatID, String messageID) {
    storage.update(
        "forgetting message " + messageID,
        "DELETE FROM triage_ledger WHERE chat_id = ? AND message_id = ?",
        chatID,
        messageID);
  }

  @Override
  public Optional<Entry> lookup(String chatID, String messageID) {
    return storage.queryOne(
        "reading message " + messageID,
        "SELECT sent_at, edit_count FROM triage_ledger WHERE chat_id = ? AND message_id = ?",
        row -> new Entry(Instant.ofEpochMilli(row.getLong(1)), row.getInt(2)),
        chatID,
        messageID);
  }

  // --- pruning -------------------------------------------------------------------------------

  /**
   * Deletes results and fingerprints older than {@code rememberFor}, claims left pending as long,
   * ledger entries older than {@code ledgerFor}, and instances gone for a day.
   *
   * @return how many rows went
   */
  int prune() {
    long now = storage.clock().millis();
    long results = now - rememberFor.toMillis();
    int pruned =
        storage.update(
            "pruning results",
            "DELETE FROM triage_parts WHERE (state = 'final' AND finished_at < ?)"
                + " OR (state = 'pending' AND claimed_at < ?)",
            results,
            results);
    pruned += storage.update("pruning ids", "DELETE FROM triage_ids WHERE created_at < ?", results);
    pruned +=
        storage.update(
            "pruning the ledger",
            "DELETE FROM triage_ledger WHERE sent_at < ?",
            now - ledgerFor.toMillis());
    pruned +=
        storage.update(
            "pruning instances",
            "DELETE FROM triage_instances WHERE seen_at < clock_timestamp() - interval '1 day'");
    return pruned;
  }

  private void pruneQuietly() {
    try {
      int pruned = prune();
      PostgresStorage.LOG.fine("pruned " + pruned + " rows");
    } catch (RuntimeException e) {
      PostgresStorage.LOG.warning("pruning failed, trying again in an hour: " + e.getMessage());
    }
  }
}
