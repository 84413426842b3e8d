package dev.triage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.json.CapabilityDelta;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class CapabilityStoreTest {
  private static final Capabilities CHATTY =
      Capabilities.builder()
          .edit(Level.FULL)
          .editMaxAge(Duration.ofMinutes(15))
          .reply(Level.FULL)
          .formatting("bold", Level.FULL)
          .formatting("italic", Level.FULL)
          .build();
  private static final Capabilities QUIET = Capabilities.builder().reply(Level.PARTIAL).build();

  private final CapabilityStore store =
      new CapabilityStore(Map.of("chatty", CHATTY, "quiet", QUIET), "chatty");

  private static CapabilityDelta delta(String json) {
    return CapabilityDelta.of(TriageJson.parse(json));
  }

  @Test
  void chatsWithoutDeltaShareTheirNetworksProfileInstance() {
    store.assign("!a", "quiet", null);
    store.assign("!b", "quiet", null);

    assertThat(store.resolve("!a")).isSameAs(QUIET);
    assertThat(store.lookup("!a")).isSameAs(store.lookup("!b"));
    assertThat(store.lookup("!a").source()).isEqualTo("network quiet");
  }

  @Test
  void unlistedChatsUseTheDefaultNetwork() {
    assertThat(store.resolve("!never-seen")).isSameAs(CHATTY);
    assertThat(store.listed("!never-seen")).isEmpty();
  }

  @Test
  void withoutADefaultNetworkAnUnlistedChatIsAClearError() {
    CapabilityStore strict = new CapabilityStore(Map.of("chatty", CHATTY), null);

    assertThatThrownBy(() -> strict.resolve("!x"))
        .isInstanceOf(UnknownChatException.class)
        .hasMessageContaining("unknown chat !x")
        .hasMessageContaining("defaultNetwork");
  }

  @Test
  void aDeltaChangesOnlyWhatItNames() {
    ChatCapabilities entry =
        store.assign("!a", "chatty", delta("{\"edit\": 0, \"formatting\": {\"bold\": -1}}"));

    Capabilities caps = entry.capabilities();
    assertThat(caps.edit()).isEqualTo(Level.UNSUPPORTED);
    assertThat(caps.editMaxAge()).isEqualTo(Duration.ofMinutes(15));
    assertThat(caps.formattingLevel("bold")).isEqualTo(Level.DROPPED);
    assertThat(caps.formattingLevel("italic")).isEqualTo(Level.FULL);
    assertThat(caps.reply()).isEqualTo(Level.FULL);
    assertThat(entry.source()).isEqualTo("network chatty + delta");
  }

  @Test
  void aDeltaMayUseTheDesktopSpellingAndNullRemovesAKey() {
    Capabilities caps =
        store
            .assign(
                "!a",
                "chatty",
                delta(
                    "{\"editMaxAge\": null, \"attachments\": {\"m.image\": {\"mimeTypes\": {\"image/PNG\": 2}, \"maxSize\": 10}}}"))
            .capabilities();

    assertThat(caps.editMaxAge()).isEqualTo(Duration.ZERO);
    assertThat(caps.file("m.image").orElseThrow().maxSize()).isEqualTo(10);
    assertThat(caps.file("m.image").orElseThrow().mimeTypes()).containsOnlyKeys("image/PNG");
  }

  @Test
  void anInvalidDeltaNamesThePathAndKeepsWhatTheChatHad() {
    store.assign("!a", "quiet", null);

    assertThatThrownBy(() -> store.assign("!a", "chatty", delta("{\"reply\": 7}")))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.path()).isEqualTo("reply"));
    assertThat(store.resolve("!a")).isSameAs(QUIET);
  }

  @Test
  void unknownNetworksAreRefused() {
    assertThatThrownBy(() -> store.assign("!a", "loud", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown network loud; known: chatty, quiet");
    assertThatThrownBy(() -> new CapabilityStore(Map.of("chatty", CHATTY), "loud"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aWholeDocumentCanBeSetAndRemoved() {
    Capabilities own = Capabilities.builder().poll(Level.FULL).build();

    store.set("!a", own);
    assertThat(store.resolve("!a")).isSameAs(own);
    assertThat(store.lookup("!a").source()).isEqualTo("document");
    assertThat(store.remove("!a")).isTrue();
    assertThat(store.remove("!a")).isFalse();
    assertThat(store.resolve("!a")).isSameAs(CHATTY);
    assertThat(store.size()).isZero();
  }

  @Test
  void chatsWithEqualDeltasShareOneEntryAndOneResolvedDocument() {
    ChatCapabilities a = store.assign("!a", "chatty", delta("{\"edit\": 0, \"reply\": 1}"));
    // The same change, parsed anew, in another order and the other spelling.
    ChatCapabilities b = store.assign("!b", "chatty", delta("{\"reply\": 1, \"edit\": 0}"));
    ChatCapabilities c =
        store.assign("!c", "chatty", delta("{\"formatting\": {\"italic\": 0, \"bold\": 0}}"));
    ChatCapabilities d =
        store.assign("!d", "chatty", delta("{\"formatting\": {\"bold\": 0, \"italic\": 0}}"));

    assertThat(b).isSameAs(a);
    assertThat(b.delta()).isSameAs(a.delta());
    assertThat(d).isSameAs(c);
    assertThat(store.resolve("!b")).isSameAs(store.resolve("!a"));
    assertThat(store.resolve("!a").edit()).isEqualTo(Level.UNSUPPORTED);
    assertThat(store.resolve("!c").formattingLevel("bold")).isEqualTo(Level.UNSUPPORTED);
  }

  @Test
  void aDeltaIsKeptAsCanonicalJson() {
    CapabilityDelta delta =
        delta(
            "{\"formatting\": {\"italic\": 0, \"inlineCode\": 1}, \"maxTextLength\": 9, \"edit\": 0}");

    assertThat(delta.canonicalJson())
        .isEqualTo(
            "{\"edit\":0,\"formatting\":{\"inline_code\":1,\"italic\":0},\"max_text_length\":9}");
    assertThat(delta.patch().get("max_text_length").intValue()).isEqualTo(9);
    assertThat(delta("{}").isEmpty()).isTrue();
  }

  @Test
  void chatsResolveCorrectlyAfterTheirDocumentLeftTheCache() {
    int chats = CapabilityStore.RESOLVED_DOCUMENTS * 2;
    for (int i = 1; i <= chats; i++) {
      store.assign("!c" + i, "chatty", delta("{\"max_text_length\": " + i + "}"));
    }

    for (int i = 1; i <= chats; i += 97) {
      Capabilities caps = store.resolve("!c" + i);
      assertThat(caps.maxTextLength()).isEqualTo(i);
      assertThat(caps.edit()).isEqualTo(Level.FULL);
    }
    assertThat(store.size()).isEqualTo(chats);
  }

  @Test
  void aFullStoreRefusesANewChatNamingTheLimitAndStillChangesListedOnes() {
    CapabilityStore small = new CapabilityStore(Map.of("chatty", CHATTY, "quiet", QUIET), null, 2);
    small.assign("!a", "chatty", null);
    small.assign("!b", "chatty", delta("{\"edit\": 0}"));

    assertThatThrownBy(() -> small.assign("!c", "quiet", null))
        .isInstanceOfSatisfying(
            StoreFullException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(2);
              assertThat(e.chatID()).isEqualTo("!c");
            })
        .hasMessageContaining("!c")
        .hasMessageContaining("2 chats")
        .hasMessageContaining("server.maxChats");
    assertThatThrownBy(() -> small.set("!c", QUIET)).isInstanceOf(StoreFullException.class);
    assertThat(small.listed("!c")).isEmpty();

    small.assign("!a", "quiet", delta("{\"edit\": 1}"));
    small.set("!b", QUIET);
    assertThat(small.resolve("!a").edit()).isEqualTo(Level.PARTIAL);
    assertThat(small.resolve("!b")).isSameAs(QUIET);

    assertThat(small.remove("!a")).isTrue();
    small.assign("!c", "quiet", null);
    assertThat(small.size()).isEqualTo(2);
    assertThat(small.maxChats()).isEqualTo(2);
  }

  @Test
  void theCapHoldsUnderConcurrentAssigns() throws Exception {
    CapabilityStore small = new CapabilityStore(Map.of("chatty", CHATTY), null, 100);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    java.util.concurrent.atomic.AtomicInteger refused =
        new java.util.concurrent.atomic.AtomicInteger();
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    try {
                      small.assign("!t" + thread + "-" + i, "chatty", null);
                    } catch (StoreFullException e) {
                      refused.incrementAndGet();
                    }
                  }
                }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(small.size()).isEqualTo(100);
    assertThat(refused.get()).isEqualTo(300);
  }

  @Test
  void aStoreWithoutRoomIsRefusedAtOnce() {
    assertThatThrownBy(() -> new CapabilityStore(Map.of("chatty", CHATTY), null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxChats must be at least 1, got 0");
  }
}
