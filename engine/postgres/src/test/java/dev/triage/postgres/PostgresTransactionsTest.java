package dev.triage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.postgres.PostgresTransactions.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class PostgresTransactionsTest {
  private final List<PostgresStorage> open = new ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(PostgresStorage::close);
  }

  private PostgresTransactions instance(PostgresStorage.Settings db) {
    PostgresStorage storage = PostgresStorage.open(db, Clock.systemUTC());
    open.add(storage);
    return storage.transactions(Duration.ofDays(1));
  }

  private static Outcome now(java.util.concurrent.CompletionStage<Outcome> claim) throws Exception {
    return claim.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aTransactionIsHandledByOneInstanceAndAnsweredByTheOthers() throws Exception {
    PostgresStorage.Settings db = TestDatabase.fresh(Duration.ofMillis(400));
    PostgresTransactions a = instance(db);
    PostgresTransactions b = instance(db);

    assertThat(now(a.claim("irc", "1", "h1"))).isEqualTo(Outcome.YOURS);
    assertThat(now(b.claim("irc", "1", "h1"))).isEqualTo(Outcome.BUSY);
    CompletableFuture<Outcome> waiting = b.claim("irc", "1", "h1").toCompletableFuture();
    a.accepted("irc", "1", "h1");
    assertThat(now(waiting)).isEqualTo(Outcome.ACCEPTED);
    // The same id with another body is another transaction; another bridge's too.
    assertThat(now(b.claim("irc", "1", "h2"))).isEqualTo(Outcome.YOURS);
    assertThat(now(b.claim("slack", "1", "h1"))).isEqualTo(Outcome.YOURS);
  }

  @Test
  void aTransactionTheBridgeDidNotAcceptIsHandledAgainAnywhere() throws Exception {
    PostgresStorage.Settings db = TestDatabase.fresh(Duration.ofMillis(400));
    PostgresTransactions a = instance(db);
    PostgresTransactions b = instance(db);

    assertThat(now(a.claim("irc", "7", "h"))).isEqualTo(Outcome.YOURS);
    a.release("irc", "7", "h");

    assertThat(now(b.claim("irc", "7", "h"))).isEqualTo(Outcome.YOURS);
  }

  @Test
  void aStoppedInstancesTransactionIsTakenOver() throws Exception {
    PostgresStorage.Settings db = TestDatabase.fresh();
    PostgresStorage crashing = PostgresStorage.open(db, Clock.systemUTC());
    PostgresTransactions dead = crashing.transactions(Duration.ofDays(1));
    PostgresTransactions alive = instance(db);
    assertThat(now(dead.claim("irc", "9", "h"))).isEqualTo(Outcome.YOURS);
    crashing.close();

    assertThat(now(alive.claim("irc", "9", "h"))).isEqualTo(Outcome.YOURS);
  }
}
