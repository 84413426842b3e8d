package dev.triage.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.config.StorageConfig;
import dev.triage.config.TriageConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code TRIAGE_DATABASE_URL}: the shared database when the configuration names none. */
final class DatabaseVariableTest {
  @Test
  void theVariableNamesTheDatabaseAndItsPasswordVariableThePassword() {
    TriageConfig config =
        ServeCommand.withDatabase(
            TriageConfig.embedded(),
            Map.of(
                "TRIAGE_DATABASE_URL", "postgresql://triage@127.0.0.1:5432/triage",
                "TRIAGE_DATABASE_PASSWORD", "hunter2"));

    StorageConfig.Postgres pg = config.storage().postgres();
    assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/triage");
    assertThat(pg.user()).isEqualTo("triage");
    assertThat(pg.password()).isEqualTo("hunter2");
    assertThat(config.toString()).doesNotContain("hunter2");
  }

  @Test
  void withoutTheVariableTheEmbeddedDefaultsStay() {
    assertThat(ServeCommand.withDatabase(TriageConfig.embedded(), Map.of()).storage().postgres())
        .isNull();
  }

  @Test
  void aBadValueOrAJournalBesideItIsRefusedNamingTheVariable() {
    assertThatThrownBy(
            () ->
                ServeCommand.withDatabase(
                    TriageConfig.embedded(), Map.of("TRIAGE_DATABASE_URL", "mysql://x/y")))
        .hasMessageStartingWith("TRIAGE_DATABASE_URL: not a PostgreSQL URL");
    TriageConfig journaled =
        TriageConfig.embedded()
            .withServer(
                new TriageConfig.Server(
                    "127.0.0.1",
                    0,
                    null,
                    1024,
                    java.time.Duration.ofSeconds(1),
                    null,
                    java.nio.file.Path.of("j.mv.db")));
    assertThatThrownBy(
            () ->
                ServeCommand.withDatabase(
                    journaled, Map.of("TRIAGE_DATABASE_URL", "postgresql://h/d")))
        .hasMessageContaining("not with server.journal");
  }
}
