package dev.triage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class StorageConfigTest {
  private static TriageConfig parse(String yaml, Map<String, String> env) throws ConfigException {
    return ConfigLoader.withEnvironment(env).parse(yaml, "test.yaml");
  }

  @Test
  void withoutAStorageSectionNothingIsShared() throws ConfigException {
    TriageConfig config = parse("networks: {wa: {profile: whatsapp}}", Map.of());

    assertThat(config.storage().postgres()).isNull();
    assertThat(TriageConfig.embedded().storage().postgres()).isNull();
  }

  @Test
  void aLibpqUrlBecomesAJdbcUrlWithItsUserAndPassword() {
    StorageConfig.Postgres pg =
        StorageConfig.Postgres.parse(
            "postgresql://triage:s%40cret@db.example:6432/bridges?sslmode=require", null);

    assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/bridges?sslmode=require");
    assertThat(pg.user()).isEqualTo("triage");
    assertThat(pg.password()).isEqualTo("s@cret");
    assertThat(pg.describe()).isEqualTo("triage@//db.example:6432/bridges");
  }

  @Test
  void aJdbcUrlIsTakenAsItIs() {
    StorageConfig.Postgres pg =
        StorageConfig.Postgres.parse("jdbc:postgresql://127.0.0.1/triage", "pw");

    assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1/triage");
    assertThat(pg.user()).isNull();
    assertThat(pg.password()).isEqualTo("pw");
  }

  @Test
  void thePasswordMayComeFromTheEnvironmentAndIsNeverShown() throws ConfigException {
    TriageConfig config =
        parse(
            "storage: {postgres: {url: 'postgresql://triage@127.0.0.1/triage',"
                + " password: '${DB_PASSWORD}', poolSize: 4, waitFor: 3s}}\n"
                + "networks: {wa: {profile: whatsapp}}",
            Map.of("DB_PASSWORD", "hunter2"));

    StorageConfig.Postgres pg = config.storage().postgres();
    assertThat(pg.password()).isEqualTo("hunter2");
    assertThat(pg.poolSize()).isEqualTo(4);
    assertThat(pg.waitFor()).isEqualTo(Duration.ofSeconds(3));
    assertThat(pg.toString()).doesNotContain("hunter2").contains("password=***");
    assertThat(config.toString()).doesNotContain("hunter2");
    assertThat(StorageConfig.Postgres.parse("postgresql://u:hunter2@h/d", null).toString())
        .doesNotContain("hunter2");
  }

  @Test
  void eachProblemIsNamedWithItsPath() {
    assertThatThrownBy(
            () ->
                parse(
                    "storage: {postgres: {url: 'mysql://x/y', pool: 3}}\n"
                        + "server: {journal: j.mv.db}\n"
                        + "networks: {wa: {profile: whatsapp}}",
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.postgres.url: not a PostgreSQL URL")
        .hasMessageContaining("storage.postgres.pool: unknown key");
    assertThatThrownBy(
            () ->
                parse(
                    "storage: {postgres: {url: 'postgresql://h/d'}}\n"
                        + "server: {journal: j.mv.db}\n"
                        + "networks: {wa: {profile: whatsapp}}",
                    Map.of()))
        .hasMessageContaining("server.journal: not with storage.postgres");
    assertThatThrownBy(
            () ->
                parse(
                    "storage: {postgres: {url: 'postgresql://h'}}\nnetworks: {wa: {profile:"
                        + " whatsapp}}",
                    Map.of()))
        .hasMessageContaining("storage.postgres.url: the PostgreSQL URL names no database");
  }
}
