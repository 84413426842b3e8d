package dev.triage.postgres;

import dev.triage.capability.Spelling;
import dev.triage.json.CapabilityDelta;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import dev.triage.store.CapabilityStore;
import dev.triage.store.ChatCapabilities;
import dev.triage.store.StoreFullException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Chats with capabilities of their own, in {@code triage_chats}: a network and an optional delta,
 * or a whole document. Every write commits its row and {@code pg_notify('triage_chats', chat)} in
 * one transaction, so an instance that hears of a change finds it committed. Each instance keeps
 * its in-memory {@link CapabilityStore} as a cache: it loads every row at start, applies each
 * change it hears of on a connection of its own ({@code LISTEN}), by reading the chat's row again,
 * and loads everything again after that connection was lost, when changes may have gone unheard. A
 * write of many chats at once (a configuration's) is announced as {@code *}: load everything.
 */
public final class PostgresChats implements AutoCloseable {
  /** The channel changes are announced on; the payload is the chat id, or {@code *}. */
  public static final String CHANNEL = "triage_chats";

  /** The payload that says: many chats changed, load them all. */
  static final String EVERYTHING = "*";

  private static final long POLL_MILLIS = 250;
  private static final long CHECK_CONNECTION_MILLIS = 5_000;
  private static final long LONGEST_BACKOFF_MILLIS = 5_000;

  private final PostgresStorage storage;
  private volatile boolean running = true;
  private volatile Connection listening;
  private Thread listener;

  /** Times the listener (re)connected and loaded everything; for tests and metrics. */
  private final AtomicLong loads = new AtomicLong();

  PostgresChats(PostgresStorage storage) {
    this.storage = storage;
  }

  /**
   * Applies every stored chat to {@code store}, over what it lists already.
   *
   * @return how many chats were applied
   */
  public int loadInto(CapabilityStore store) {
    int applied = 0;
    try (Connection c = storage.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.setFetchSize(1000);
      c.setAutoCommit(false); // a cursor, so a million rows are not held at once
      try (ResultSet rows =
          s.executeQuery("SELECT chat_id, network, delta, document FROM " + "triage_chats")) {
        while (rows.next()) {
          if (apply(
              store, rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4))) {
            applied++;
          }
        }
      } finally {
        c.commit();
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw storage.failure("loading chats", e);
    }
    return applied;
  }

  /** Stores a chat's entry (as the store holds it) and announces it, in one transaction. */
  public void put(String chatID, ChatCapabilities entry) {
    inTransaction(
        "storing chat " + chatID,
        c -> {
          upsert(c, chatID, entry);
          notify(c, chatID);
        });
  }

  /**
   * Forgets a chat and announces it, in one transaction.
   *
   * @return whether it was stored
   */
  public boolean remove(String chatID) {
    boolean[] removed = {false};
    inTransaction(
        "removing chat " + chatID,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM triage_chats WHERE chat_id = ?")) {
            s.setString(1, chatID);
            removed[0] = s.executeUpdate() > 0;
          }
          notify(c, chatID);
        });
    return removed[0];
  }

  /** Stores many chats (a configuration's) in one transaction, announced as one change. */
  public void putAll(Map<String, ChatCapabilities> chats) {
    if (chats.isEmpty()) {
      return;
    }
    inTransaction(
        "storing the configuration's chats",
        c -> {
          for (Map.Entry<String, ChatCapabilities> chat : chats.entrySet()) {
            upsert(c, chat.getKey(), chat.getValue());
          }
          notify(c, EVERYTHING);
        });
  }

  /** The stored entry's row, if any: network, delta and document as stored. */
  Optional<String[]> row(String chatID) {
    try (Connection c = storage.dataSource().getConnection()) {
      return row(c, chatID);
    } catch (SQLException e) {
      throw storage.failure("reading chat " + chatID, e);
    }
  }

  private static Optional<String[]> row(Connection c, String chatID) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT network, delta, document FROM triage_chats WHERE chat_id = ?")) {
      s.setString(1, chatID);
      try (ResultSet row = s.executeQuery()) {
        return row.next()
            ? Optional.of(new String[] {row.getString(1), row.getString(2), row.getString(3)})
            : Optional.empty();
      }
    }
  }

  private void upsert(Connection c, String chatID, ChatCapabilities entry) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO triage_chats (chat_id, network, delta, document, updated_at)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET network ="
                + " EXCLUDED.network, delta = EXCLUDED.delta, document = EXCLUDED.document,"
                + " updated_at = EXCLUDED.updated_at")) {
      s.setString(1, chatID);
      s.setString(2, entry.network());
      s.setString(
          3,
          entry.network() != null && entry.delta() != null ? entry.delta().canonicalJson() : null);
      s.setString(
          4,
          entry.network() == null
              ? TriageJson.toJson(
                  TriageJson.writeCapabilities(entry.capabilities(), Spelling.ROOM_FEATURES))
              : null);
      s.setLong(5, storage.clock().millis());
      s.executeUpdate();
    }
  }

  private static void notify(Connection c, String payload) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      s.setString(1, CHANNEL);
      s.setString(2, payload);
      s.execute();
    }
  }

  private interface Work {
    void run(Connection c) throws SQLException;
  }

  private void inTransaction(String doing, Work work) {
    try (Connection c = storage.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw storage.failure(doing, e);
    }
  }

  /**
   * Applies a stored row to a store: the chat's network and delta, or its document; no row removes
   * the chat. A row this instance cannot apply (a network its configuration lacks, a full store) is
   * logged and skipped: the chat keeps what it had here.
   *
   * @return whether the store now holds the row
   */
  static boolean apply(
      CapabilityStore store, String chatID, String network, String delta, String document) {
    try {
      if (network != null) {
        store.assign(
            chatID, network, delta == null ? null : CapabilityDelta.of(TriageJson.parse(delta)));
      } else if (document != null) {
        store.set(chatID, TriageJson.readCapabilities(TriageJson.parse(document)));
      } else {
        store.remove(chatID);
      }
      return true;
    } catch (IllegalArgumentException | InvalidInputException | StoreFullException e) {
      PostgresStorage.LOG.warning(
          "chat " + chatID + " as stored in PostgreSQL is not applied here: " + e.getMessage());
      return false;
    }
  }

  /**
   * Starts listening for changes on a connection of its own. Each announced chat is read again and
   * applied to the store {@code store} gives at that moment; {@code everything} runs after each
   * (re)connection and for a change of many chats, and must load every chat afresh (the store may
   * have missed any change while the connection was down).
   */
  public synchronized void listen(Supplier<CapabilityStore> store, Runnable everything) {
    if (listener != null) {
      throw new IllegalStateException("already listening");
    }
    listener = new Thread(() -> listenLoop(store, everything), "triage-postgres-listen");
    listener.setDaemon(true);
    listener.start();
  }

  /** How many times everything was loaded after (re)connecting or a change of many chats. */
  public long loads() {
    return loads.get();
  }

  private void listenLoop(Supplier<CapabilityStore> store, Runnable everything) {
    long backoff = 100;
    while (running) {
      try (Connection c = storage.dedicatedConnection()) {
        listening = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        // Listening now: whatever changed before is in what is loaded next.
        loads.incrementAndGet();
        everything.run();
        backoff = 100;
        PGConnection pg = c.unwrap(PGConnection.class);
        long checked = System.currentTimeMillis();
        while (running) {
          PGNotification[] notifications = pg.getNotifications((int) POLL_MILLIS);
          if (notifications != null) {
            boolean all = false;
            for (PGNotification n : notifications) {
              if (EVERYTHING.equals(n.getParameter())) {
                all = true;
              } else if (!all) {
                String chatID = n.getParameter();
                Optional<String[]> row = row(c, chatID);
                apply(
                    store.get(),
                    chatID,
                    row.map(r -> r[0]).orElse(null),
                    row.map(r -> r[1]).orElse(null),
                    row.map(r -> r[2]).orElse(null));
              }
            }
            if (all) {
              loads.incrementAndGet();
              everything.run();
            }
          }
          if (System.currentTimeMillis() - checked > CHECK_CONNECTION_MILLIS) {
            // A connection dropped without a word is found by using it.
            try (Statement s = c.createStatement()) {
              s.execute("SELECT 1");
            }
            checked = System.currentTimeMillis();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        PostgresStorage.LOG.log(
            Level.WARNING,
            "lost the connection that hears of chat changes ("
                + e.getMessage()
                + "); reconnecting in "
                + backoff
                + " ms, then loading every chat again");
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoff = Math.min(backoff * 2, LONGEST_BACKOFF_MILLIS);
      } finally {
        listening = null;
      }
    }
  }

  @Override
  public synchronized void close() {
    running = false;
    if (listener != null) {
      listener.interrupt();
      Connection c = listening;
      if (c != null) {
        try {
          c.close();
        } catch (SQLException e) {
          // closing anyway
        }
      }
      try {
        listener.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
