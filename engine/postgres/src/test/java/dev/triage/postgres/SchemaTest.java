package dev.triage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;

final class SchemaTest {
  @Test
  void theSchemaIsCreatedOnceAndOpeningAgainChangesNothing() {
    PostgresStorage.Settings settings = TestDatabase.fresh();
    try (PostgresStorage first = PostgresStorage.open(settings, Clock.systemUTC());
        PostgresStorage second = PostgresStorage.open(settings, Clock.systemUTC())) {
      assertThat(first.schemaVersion()).isEqualTo("2");
      assertThat(second.schemaVersion()).isEqualTo("2");
      assertThat(first.instance()).isNotEqualTo(second.instance());
    }
  }

  @Test
  void aDatabaseMigratedByANewerTriageIsRefusedNamingBothVersions() throws Exception {
    PostgresStorage.Settings settings = TestDatabase.fresh();
    PostgresStorage.open(settings, Clock.systemUTC()).close();
    try (Connection c = DriverManager.getConnection(settings.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO triage_schema_history (installed_rank, version, description, type, script,"
              + " checksum, installed_by, execution_time, success) VALUES (100, '7', 'from the"
              + " future', 'SQL', 'V7__from_the_future.sql', 0, 'test', 0, true)");
    }

    assertThatThrownBy(() -> PostgresStorage.open(settings, Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(settings.describe())
        .hasMessageContaining("is at schema version 7, newer than this Triage knows (2)");
  }

  @Test
  void anUnreachableDatabaseIsNamedWithoutItsPassword() {
    PostgresStorage.Settings settings =
        new PostgresStorage.Settings(
            "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2",
            "triage",
            "hunter2",
            2,
            java.time.Duration.ofSeconds(1));

    assertThatThrownBy(() -> PostgresStorage.open(settings, Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "cannot connect to the PostgreSQL database triage@//127.0.0.1:1/nowhere")
        .hasMessageNotContaining("hunter2");
    assertThat(settings.toString()).doesNotContain("hunter2");
  }
}
