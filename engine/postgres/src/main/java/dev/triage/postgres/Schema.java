package dev.triage.postgres;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The schema: versioned SQL in {@code db/migration}, applied by Flyway at start under a lock, so
 * that instances starting together migrate once. A database that a newer Triage migrated is
 * refused, naming both versions: this one would not know its tables.
 */
final class Schema {
  /** Flyway's history table; prefixed like every table of Triage's, beside a bridge's own. */
  static final String HISTORY = "triage_schema_history";

  private Schema() {}

  /**
   * Brings the database to this Triage's schema.
   *
   * @return the version it is at now
   * @throws IllegalStateException when it cannot, naming the database and the version found
   */
  static String migrate(DataSource dataSource, String database) {
    Flyway flyway =
        Flyway.configure(Schema.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .table(HISTORY)
            // The database may hold a bridge's own tables: Triage's are all prefixed triage_.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load();
    try {
      MigrationInfoService info = flyway.info();
      String newest = newestKnown(info);
      for (MigrationInfo applied : info.applied()) {
        if (applied.getState() == MigrationState.FUTURE_SUCCESS
            || applied.getState() == MigrationState.FUTURE_FAILED) {
          throw new IllegalStateException(
              "the PostgreSQL database "
                  + database
                  + " is at schema version "
                  + info.current().getVersion()
                  + ", newer than this Triage knows ("
                  + newest
                  + "): a newer Triage migrated it. Run that version (or a newer one), or give"
                  + " this one a database of its own.");
        }
      }
      flyway.migrate();
      MigrationInfo current = flyway.info().current();
      return current == null ? "none" : current.getVersion().toString();
    } catch (FlywayException e) {
      throw new IllegalStateException(
          "cannot bring the PostgreSQL database " + database + " to Triage's schema: " + e, e);
    }
  }

  private static String newestKnown(MigrationInfoService info) {
    MigrationVersion newest = null;
    for (MigrationInfo migration : info.all()) {
      MigrationState state = migration.getState();
      if (migration.getVersion() != null
          && state != MigrationState.FUTURE_SUCCESS
          && state != MigrationState.FUTURE_FAILED
          && (newest == null || migration.getVersion().compareTo(newest) > 0)) {
        newest = migration.getVersion();
      }
    }
    return newest == null ? "none" : newest.toString();
  }
}
