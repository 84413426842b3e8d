package dev.triage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One instance's way to the shared database: a connection pool (HikariCP), the schema brought up to
 * date (Flyway), the threads that may block on it, and this instance's heartbeat, by which the
 * others tell a crashed instance from a slow one. Open one per process; {@link #journal} and {@link
 * #chats} are made from it. Thread-safe.
 */
public final class PostgresStorage implements AutoCloseable {
  static final Logger LOG = Logger.getLogger("dev.triage.postgres");

  /**
   * Flyway and HikariCP say a great deal at info (every validation, every pool start): Triage says
   * what matters itself. Held here, since java.util.logging keeps loggers weakly.
   */
  private static final List<Logger> QUIETER =
      List.of(Logger.getLogger("org.flywaydb"), Logger.getLogger("com.zaxxer.hikari"));

  static {
    QUIETER.forEach(logger -> logger.setLevel(Level.WARNING));
  }

  /** How often this instance says it is alive. */
  static final Duration HEARTBEAT = Duration.ofSeconds(1);

  /**
   * An instance not heard of for this long is taken to have stopped: a part it left pending was cut
   * off. Five missed heartbeats: long enough for a pause of the JVM, short enough that a repeat
   * waiting on it gets an answer within {@code waitFor}.
   */
  static final Duration PRESUMED_STOPPED = Duration.ofSeconds(5);

  /**
   * A claim still pending after this long is taken to be lost even though its instance lives (it
   * delivered, then could not write the result: the database was unreachable just then). Longer
   * than any delivery takes: a webhook's attempts with their backoff end within a minute or two.
   */
  static final Duration CLAIM_LEASE = Duration.ofMinutes(5);

  /**
   * Where the shared database is and how to use it.
   *
   * @param jdbcUrl the JDBC URL
   * @param user the user, or {@code null}
   * @param password the password, or {@code null}; never shown
   * @param poolSize the most connections this instance holds (one more listens)
   * @param waitFor how long a repeat waits for another instance delivering the same part
   */
  public record Settings(
      String jdbcUrl, String user, String password, int poolSize, Duration waitFor) {
    public Settings {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      Objects.requireNonNull(waitFor, "waitFor");
      if (poolSize < 1) {
        throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
      }
    }

    /** The database as logs name it: no password, no query. */
    public String describe() {
      String rest = jdbcUrl.replaceFirst("^jdbc:postgresql:", "");
      int query = rest.indexOf('?');
      return (user == null ? "" : user + "@") + (query < 0 ? rest : rest.substring(0, query));
    }

    @Override
    public String toString() {
      return "Settings["
          + describe()
          + ", password="
          + (password == null ? "none" : "***")
          + ", poolSize="
          + poolSize
          + ", waitFor="
          + waitFor
          + "]";
    }
  }

  private final Settings settings;
  private final Clock clock;
  private final HikariDataSource pool;
  private final ExecutorService executor;
  private final ScheduledExecutorService timer;
  private final UUID instance = UUID.randomUUID();
  private final String schemaVersion;

  private PostgresStorage(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    if (settings.user() != null) {
      config.setUsername(settings.user());
    }
    if (settings.password() != null) {
      config.setPassword(settings.password());
    }
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(Math.min(2, settings.poolSize()));
    config.setPoolName("triage-postgres");
    config.setConnectionTimeout(5_000);
    config.setInitializationFailTimeout(10_000);
    config.addDataSourceProperty("ApplicationName", "triage");
    try {
      this.pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot connect to the PostgreSQL database " + settings.describe() + ": " + rootOf(e), e);
    }
    try {
      this.schemaVersion = Schema.migrate(pool, settings.describe());
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    // As many threads as connections: a call waits for a connection only when every one is busy.
    this.executor = Executors.newFixedThreadPool(settings.poolSize(), threads("triage-postgres"));
    this.timer = Executors.newSingleThreadScheduledExecutor(threads("triage-postgres-timer"));
    heartbeat();
    timer.scheduleWithFixedDelay(
        () -> executor.execute(this::heartbeatQuietly),
        HEARTBEAT.toMillis(),
        HEARTBEAT.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Connects, migrates the schema and starts this instance's heartbeat.
   *
   * @throws IllegalStateException when the database cannot be reached or has a schema this Triage
   *     cannot use, naming the database (never the password) and why
   */
  public static PostgresStorage open(Settings settings, Clock clock) {
    PostgresStorage storage = new PostgresStorage(settings, clock);
    LOG.info(
        "PostgreSQL "
            + settings.describe()
            + " at schema version "
            + storage.schemaVersion
            + "; this instance is "
            + storage.instance);
    return storage;
  }

  /** The ids, results and ledger, shared; see {@link PostgresJournal}. */
  public PostgresJournal journal(Duration rememberFor, Duration ledgerFor) {
    return new PostgresJournal(this, rememberFor, ledgerFor);
  }

  /** Chats with capabilities of their own, shared and announced; see {@link PostgresChats}. */
  public PostgresChats chats() {
    return new PostgresChats(this);
  }

  /**
   * The appservice proxy's transactions, shared; see {@link PostgresTransactions}.
   *
   * @param rememberFor how long a handled transaction is remembered
   */
  public PostgresTransactions transactions(Duration rememberFor) {
    return new PostgresTransactions(this, rememberFor);
  }

  /** The schema version the database is at. */
  public String schemaVersion() {
    return schemaVersion;
  }

  /** This process's id among the instances. */
  public UUID instance() {
    return instance;
  }

  /** The database, as logs name it. */
  public String describe() {
    return settings.describe();
  }

  /** The threads that may block on the database: run every call of this package on them. */
  public ExecutorService executor() {
    return executor;
  }

  Settings settings() {
    return settings;
  }

  Clock clock() {
    return clock;
  }

  DataSource dataSource() {
    return pool;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  /** A connection of its own, outside the pool: the listener holds one for as long as it lives. */
  Connection dedicatedConnection() throws SQLException {
    Properties properties = new Properties();
    if (settings.user() != null) {
      properties.setProperty("user", settings.user());
    }
    if (settings.password() != null) {
      properties.setProperty("password", settings.password());
    }
    properties.setProperty("ApplicationName", "triage-listen");
    properties.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(settings.jdbcUrl(), properties);
  }

  private void heartbeat() {
    try (Connection c = pool.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO triage_instances (id, name, seen_at) VALUES (?, ?, clock_timestamp())"
                    + " ON CONFLICT (id) DO UPDATE SET seen_at = clock_timestamp()")) {
      s.setObject(1, instance);
      s.setString(2, name());
      s.executeUpdate();
    } catch (SQLException e) {
      throw failure("heartbeat", e);
    }
  }

  private void heartbeatQuietly() {
    try {
      heartbeat();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot tell the database this instance is alive: " + e.getMessage());
    }
  }

  private static String name() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown";
    }
    return host + "/" + ManagementFactory.getRuntimeMXBean().getName();
  }

  /** A database failure, naming the database and what was being done (never a password). */
  /** Reads one row's value, for {@link #queryOne}. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(java.sql.ResultSet row) throws SQLException;
  }

  /** Runs one statement with {@code parameters}; {@code doing} names it in a failure. */
  int update(String doing, String sql, Object... parameters) {
    try (Connection c = dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, parameters);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw failure(doing, e);
    }
  }

  /** The first row of a query, read by {@code reader}, or empty; {@code doing} names a failure. */
  <T> java.util.Optional<T> queryOne(
      String doing, String sql, RowReader<T> reader, Object... parameters) {
    try (Connection c = dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, parameters);
      try (java.sql.ResultSet row = s.executeQuery()) {
        return row.next() ? java.util.Optional.of(reader.read(row)) : java.util.Optional.empty();
      }
    } catch (SQLException e) {
      throw failure(doing, e);
    }
  }

  private static void bind(PreparedStatement s, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      s.setObject(i + 1, parameters[i]);
    }
  }

  StorageException failure(String doing, SQLException e) {
    return new StorageException(
        "PostgreSQL " + settings.describe() + ": " + doing + " failed: " + e.getMessage(), e);
  }

  private static String rootOf(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  static ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Stops the heartbeat and says this instance has stopped, so that parts it left pending (none,
   * after a graceful stop) are taken over at once, then closes the pool.
   */
  @Override
  public void close() {
    timer.shutdownNow();
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM triage_instances WHERE id = ?")) {
      s.setObject(1, instance);
      s.executeUpdate();
    } catch (SQLException | RuntimeException e) {
      LOG.fine("could not remove this instance's row: " + e.getMessage());
    }
    pool.close();
  }
}
