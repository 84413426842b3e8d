package dev.triage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.capability.Capabilities;
import dev.triage.json.CapabilityDelta;
import dev.triage.json.TriageJson;
import dev.triage.store.CapabilityStore;
import dev.triage.store.ChatCapabilities;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances, each with its own in-memory store kept in step through the database. */
final class PostgresChatsTest {
  private static final Capabilities PROFILE =
      TriageJson.readCapabilities("{\"edit\": 2, \"max_text_length\": 4096}");

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    Collections.reverse(open);
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
  }

  /** An instance: its store (swapped whole when everything is loaded again) and its chats. */
  private final class Instance {
    final AtomicReference<CapabilityStore> store = new AtomicReference<>(newStore());
    final PostgresChats chats;

    Instance(PostgresStorage.Settings db) {
      PostgresStorage storage = PostgresStorage.open(db, Clock.systemUTC());
      open.add(storage);
      chats = storage.chats();
      open.add(chats);
    }

    Instance listening() {
      chats.listen(
          store::get,
          () -> {
            CapabilityStore fresh = newStore();
            chats.loadInto(fresh);
            store.set(fresh);
          });
      waitFor(() -> chats.loads() >= 1, 10_000);
      return this;
    }

    /** What a PUT does: the local store first (it checks), then the database. */
    ChatCapabilities put(String chatID, String delta) {
      ChatCapabilities entry =
          store.get().assign(chatID, "wa", CapabilityDelta.of(TriageJson.parse(delta)));
      chats.put(chatID, entry);
      return entry;
    }
  }

  private static CapabilityStore newStore() {
    return new CapabilityStore(Map.of("wa", PROFILE, "other", PROFILE), "wa");
  }

  private static void waitFor(BooleanSupplier condition, long millis) {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("not within " + millis + " ms");
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void aPutOnOneInstanceIsSeenByAnotherWithin100Milliseconds() {
    PostgresStorage.Settings db = TestDatabase.fresh();
    Instance a = new Instance(db);
    Instance b = new Instance(db).listening();

    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String chatID = "!chat" + i + ":example.org";
      long start = System.nanoTime();
      ChatCapabilities entry = a.put(chatID, "{\"max_text_length\": " + (100 + i) + "}");
      waitFor(() -> b.store.get().listed(chatID).map(entry::equals).orElse(false), 5_000);
      delays.add((System.nanoTime() - start) / 1_000);
    }
    Collections.sort(delays);
    long median = delays.get(delays.size() / 2);
    long max = delays.get(delays.size() - 1);
    System.out.println(
        "notification delay, write to seen elsewhere, 50 PUTs: median "
            + median
            + " µs, p90 "
            + delays.get(44)
            + " µs, max "
            + max
            + " µs");
    assertThat(median).isLessThan(100_000);
    assertThat(delays.get(44)).isLessThan(100_000);
    assertThat(b.store.get().resolve("!chat7:example.org").maxTextLength()).isEqualTo(107);
  }

  @Test
  void aRemovalAndADocumentOfItsOwnAreSeenToo() {
    PostgresStorage.Settings db = TestDatabase.fresh();
    Instance a = new Instance(db);
    Instance b = new Instance(db).listening();
    a.put("!gone:x", "{\"edit\": 0}");
    waitFor(() -> b.store.get().listed("!gone:x").isPresent(), 5_000);

    a.store.get().remove("!gone:x");
    assertThat(a.chats.remove("!gone:x")).isTrue();
    Capabilities own = TriageJson.readCapabilities("{\"reply\": 2, \"max_text_length\": 9}");
    a.chats.put("!own:x", a.store.get().set("!own:x", own));

    waitFor(() -> b.store.get().listed("!gone:x").isEmpty(), 5_000);
    waitFor(() -> b.store.get().listed("!own:x").isPresent(), 5_000);
    assertThat(b.store.get().resolve("!own:x")).isEqualTo(own);
    assertThat(b.store.get().listed("!own:x").orElseThrow().source()).isEqualTo("document");
  }

  @Test
  void afterALostConnectionEveryChatIsLoadedAgain() throws Exception {
    PostgresStorage.Settings db = TestDatabase.fresh();
    Instance a = new Instance(db);
    Instance b = new Instance(db).listening();
    a.put("!before:x", "{\"edit\": 1}");
    waitFor(() -> b.store.get().listed("!before:x").isPresent(), 5_000);
    long loads = b.chats.loads();

    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE application_name = 'triage-listen'");
    }
    a.put("!meanwhile:x", "{\"edit\": 0}");

    waitFor(() -> b.chats.loads() > loads, 10_000);
    waitFor(() -> b.store.get().listed("!meanwhile:x").isPresent(), 5_000);
    assertThat(b.store.get().listed("!before:x")).isPresent();
  }

  @Test
  void aConfigurationsChatsAreWrittenAtOnceAndLoadedEverywhere() {
    PostgresStorage.Settings db = TestDatabase.fresh();
    Instance a = new Instance(db);
    Instance b = new Instance(db).listening();
    CapabilityStore configured = newStore();
    configured.assign("!one:x", "other", null);
    configured.assign("!two:x", "wa", CapabilityDelta.of(TriageJson.parse("{\"edit\": 0}")));

    a.chats.putAll(
        Map.of(
            "!one:x", configured.listed("!one:x").orElseThrow(),
            "!two:x", configured.listed("!two:x").orElseThrow()));

    waitFor(() -> b.store.get().listed("!two:x").isPresent(), 5_000);
    assertThat(b.store.get().listed("!one:x").orElseThrow().network()).isEqualTo("other");
    CapabilityStore third = newStore();
    assertThat(a.chats.loadInto(third)).isEqualTo(2);
  }
}
