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
}
