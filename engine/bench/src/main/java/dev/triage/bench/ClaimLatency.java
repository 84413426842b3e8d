package dev.triage.bench;

import dev.triage.adapter.DeliveryResult;
import dev.triage.postgres.PostgresJournal;
import dev.triage.postgres.PostgresStorage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * What one claim of a part costs ({@code INSERT … ON CONFLICT DO NOTHING RETURNING} on {@code
 * triage_parts}, then the final result written), through JDBC with HikariCP on a pool of threads
 * (what {@code triage-postgres} does) and through the Vert.x PostgreSQL client's pool: one at a
 * time (latency), then 32 in flight (throughput), each pool at 10 connections.
 *
 * <pre>
 * java -cp engine/bench/target/benchmarks.jar dev.triage.bench.ClaimLatency \
 *     postgresql://postgres@127.0.0.1:5432/triage [claims]
 * </pre>
 *
 * The database must exist; the schema is made by the JDBC side first.
 */
public final class ClaimLatency {
  private static final int IN_FLIGHT = 32;

  private ClaimLatency() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int claims = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    java.net.URI uri = java.net.URI.create(url);
    String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
    String user = uri.getUserInfo() == null ? null : uri.getUserInfo().split(":")[0];
    PostgresStorage storage =
        PostgresStorage.open(
            new PostgresStorage.Settings(jdbc, user, null, 10, Duration.ofSeconds(10)),
            Clock.systemUTC());
    PostgresJournal journal = storage.journal(Duration.ofDays(1), Duration.ofDays(30));
    String run = UUID.randomUUID().toString().substring(0, 8);

    IntFunction<CompletableFuture<Void>> jdbcClaim =
        i -> {
          String key = "jdbc-" + run + "-" + i + ".1";
          // As Delivery does: the claim on the storage's threads, then the result there too.
          return CompletableFuture.supplyAsync(
                  () -> journal.claim("!bench", key, true), storage.executor())
              .thenCompose(claim -> claim)
              .thenAcceptAsync(
                  claim -> journal.record("!bench", key, DeliveryResult.delivered("$" + i)),
                  storage.executor())
              .toCompletableFuture();
        };
    warm(jdbcClaim);
    report("JDBC + HikariCP, pool of 10 threads", claims, jdbcClaim);

    Vertx vertx = Vertx.vertx();
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(10))
            .connectingTo(PgConnectOptions.fromUri(url))
            .using(vertx)
            .build();
    UUID owner = UUID.randomUUID();
    IntFunction<CompletableFuture<Void>> vertxClaim =
        i -> {
          String key = "vertx-" + run + "-" + i + ".1";
          long now = System.currentTimeMillis();
          Future<Void> done =
              pool.preparedQuery(
                      "INSERT INTO triage_parts (chat_id, part_key, state, owner, dedupes,"
                          + " claimed_at) VALUES ($1, $2, 'pending', $3, true, $4) ON CONFLICT DO"
                          + " NOTHING RETURNING 1")
                  .execute(Tuple.of("!bench", key, owner, now))
                  .compose(
                      won ->
                          pool.preparedQuery(
                                  "UPDATE triage_parts SET state = 'final', status = 'SUCCESS',"
                                      + " message_id = $3, finished_at = $4 WHERE chat_id = $1 AND"
                                      + " part_key = $2 AND state = 'pending'")
                              .execute(Tuple.of("!bench", key, "$" + i, now)))
                  .mapEmpty();
          return done.toCompletionStage().toCompletableFuture();
        };
    warm(vertxClaim);
    report("Vert.x PostgreSQL client, pool of 10", claims, vertxClaim);

    pool.close().await();
    vertx.close().await();
    storage.close();
  }

  private static void warm(IntFunction<CompletableFuture<Void>> claim) throws Exception {
    for (int i = 0; i < 300; i++) {
      claim.apply(-1 - i).get(10, TimeUnit.SECONDS);
    }
  }

  private static void report(String name, int claims, IntFunction<CompletableFuture<Void>> claim)
      throws Exception {
    long[] nanos = new long[claims];
    for (int i = 0; i < claims; i++) {
      long start = System.nanoTime();
      claim.apply(i).get(10, TimeUnit.SECONDS);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    long start = System.nanoTime();
    List<CompletableFuture<Void>> window = new ArrayList<>();
    for (int i = 0; i < claims; i++) {
      window.add(claim.apply(claims + i));
      if (window.size() == IN_FLIGHT) {
        window.remove(0).get(10, TimeUnit.SECONDS);
      }
    }
    for (CompletableFuture<Void> f : window) {
      f.get(10, TimeUnit.SECONDS);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%-38s %d claims one at a time: p50 %.2f ms, p99 %.2f ms; %d in flight: %.0f claims/s%n",
        name,
        claims,
        nanos[claims / 2] / 1e6,
        nanos[(int) (claims * 0.99)] / 1e6,
        IN_FLIGHT,
        claims / seconds);
  }
}
