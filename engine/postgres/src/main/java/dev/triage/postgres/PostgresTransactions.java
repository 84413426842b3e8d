package dev.triage.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The appservice transactions a homeserver sent, shared by every instance, so that a transaction is
 * handled once however many instances the homeserver's retries reach. Claimed like a delivery's
 * part ({@link PostgresJournal}): {@code INSERT … ON CONFLICT DO NOTHING RETURNING}, then a read;
 * another live instance's claim is waited for (up to {@code waitFor}); a stopped instance's is
 * taken over. Every method blocks on the database except {@link #claim}, which runs its work on
 * {@link PostgresStorage#executor()}.
 */
public final class PostgresTransactions {
  /** What a claim found. */
  public enum Outcome {
    /** This instance handles it: then {@link #accepted} or {@link #release}. */
    YOURS,
    /** An instance handled it and the bridge accepted it: answer the homeserver, do nothing. */
    ACCEPTED,
    /** Another instance is still handling it: let the homeserver retry. */
    BUSY
  }

  private final PostgresStorage storage;
  private final Duration rememberFor;

  PostgresTransactions(PostgresStorage storage, Duration rememberFor) {
    this.storage = storage;
    this.rememberFor = rememberFor;
    storage
        .timer()
        .scheduleWithFixedDelay(
            () -> storage.executor().execute(this::pruneQuietly),
            0,
            PostgresJournal.PRUNE_EVERY.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** Claims a transaction, off the caller's thread. */
  public CompletionStage<Outcome> claim(String bridge, String txnID, String bodyHash) {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    long deadline = System.nanoTime() + storage.settings().waitFor().toNanos();
    run(() -> attempt(bridge, txnID, bodyHash, deadline, 2, outcome), outcome);
    return outcome;
  }

  private void run(Runnable work, CompletableFuture<Outcome> outcome) {
    try {
      storage.executor().execute(work);
    } catch (RejectedExecutionException e) {
      outcome.completeExceptionally(e);
    }
  }

  private void attempt(
      String bridge,
      String txnID,
      String hash,
      long deadline,
      long delay,
      CompletableFuture<Outcome> outcome) {
    try {
      Optional<Outcome> now = tryClaim(bridge, txnID, hash);
      if (now.isPresent()) {
        outcome.complete(now.get());
      } else if (System.nanoTime() >= deadline) {
        outcome.complete(Outcome.BUSY);
      } else {
        long next = Math.min(delay * 2, 200);
        storage
            .timer()
            .schedule(
                () -> run(() -> attempt(bridge, txnID, hash, deadline, next, outcome), outcome),
                delay,
                TimeUnit.MILLISECONDS);
      }
    } catch (RuntimeException e) {
      outcome.completeExceptionally(e);
    }
  }

  private Optional<Outcome> tryClaim(String bridge, String txnID, String hash) {
    try (Connection c = storage.dataSource().getConnection()) {
      for (int round = 0; round < 5; round++) {
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO triage_transactions (bridge, txn_id, body_hash, state, owner,"
                    + " claimed_at) VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT DO NOTHING"
                    + " RETURNING 1")) {
          insert.setString(1, bridge);
          insert.setString(2, txnID);
          insert.setString(3, hash);
          insert.setObject(4, storage.instance());
          insert.setLong(5, storage.clock().millis());
          try (ResultSet won = insert.executeQuery()) {
            if (won.next()) {
              return Optional.of(Outcome.YOURS);
            }
          }
        }
        try (PreparedStatement read =
            c.prepareStatement(
                "SELECT t.state, t.owner, (i.id IS NOT NULL AND i.seen_at > clock_timestamp() -"
                    + " make_interval(secs => ?) AND t.claimed_at > ?) AS alive FROM"
                    + " triage_transactions t LEFT JOIN triage_instances i ON i.id = t.owner WHERE"
                    + " t.bridge = ? AND t.txn_id = ? AND t.body_hash = ?")) {
          read.setDouble(1, PostgresStorage.PRESUMED_STOPPED.toMillis() / 1000.0);
          read.setLong(2, storage.clock().millis() - PostgresStorage.CLAIM_LEASE.toMillis());
          read.setString(3, bridge);
          read.setString(4, txnID);
          read.setString(5, hash);
          try (ResultSet row = read.executeQuery()) {
            if (!row.next()) {
              continue; // released meanwhile: claim again
            }
            if ("accepted".equals(row.getString("state"))) {
              return Optional.of(Outcome.ACCEPTED);
            }
            if (row.getBoolean("alive")) {
              return Optional.empty();
            }
            if (takeOver(c, bridge, txnID, hash, row.getObject("owner", UUID.class))) {
              return Optional.of(Outcome.YOURS);
            }
          }
        }
      }
      return Optional.empty();
    } catch (SQLException e) {
      throw storage.failure("claiming transaction " + txnID + " of " + bridge, e);
    }
  }

  private boolean takeOver(Connection c, String bridge, String txnID, String hash, UUID owner)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE triage_transactions SET owner = ?, claimed_at = ? WHERE bridge = ? AND txn_id"
                + " = ? AND body_hash = ? AND state = 'pending' AND owner = ?")) {
      s.setObject(1, storage.instance());
      s.setLong(2, storage.clock().millis());
      s.setString(3, bridge);
      s.setString(4, txnID);
      s.setString(5, hash);
      s.setObject(6, owner);
      return s.executeUpdate() == 1;
    }
  }

  /** The bridge accepted it: every instance now answers a retry without handling it again. */
  public void accepted(String bridge, String txnID, String hash) {
    storage.update(
        "writing a transaction",
        "UPDATE triage_transactions SET state = 'accepted' WHERE bridge = ? AND txn_id = ? AND"
            + " body_hash = ?",
        bridge,
        txnID,
        hash);
  }

  /** It was not accepted: the claim goes, and the homeserver's retry is handled afresh. */
  public void release(String bridge, String txnID, String hash) {
    storage.update(
        "writing a transaction",
        "DELETE FROM triage_transactions WHERE bridge = ? AND txn_id = ? AND body_hash = ? AND"
            + " state = 'pending' AND owner = ?",
        bridge,
        txnID,
        hash,
        storage.instance());
  }

  private void pruneQuietly() {
    try {
      storage.update(
          "writing a transaction",
          "DELETE FROM triage_transactions WHERE claimed_at < ?",
          storage.clock().millis() - rememberFor.toMillis());
    } catch (RuntimeException e) {
      PostgresStorage.LOG.warning("pruning transactions failed: " + e.getMessage());
    }
  }
}
