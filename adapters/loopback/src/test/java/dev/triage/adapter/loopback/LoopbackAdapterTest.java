package dev.triage.adapter.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Attachment;
import dev.triage.action.Delete;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.action.Reaction;
import dev.triage.action.Typing;
import dev.triage.adapter.AdapterFactory;
import dev.triage.adapter.DeliveryResult;
import dev.triage.verdict.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

final class LoopbackAdapterTest {
  private final LoopbackAdapter loopback =
      new LoopbackAdapter(Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC), 2, 2);

  private DeliveryResult deliver(String chat, dev.triage.action.Action action) {
    return loopback.deliver(chat, action, "k").toCompletableFuture().join();
  }

  @Test
  void anEditWithAFileReplacesTheFileAndCaption() {
    Attachment png = Attachment.of(Attachment.IMAGE, "image/png");
    String id =
        deliver("!a", Message.text("look").withAttachment(Attachment.of(Attachment.IMAGE, "a/b")))
            .messageID();

    deliver("!a", new Edit(null, null, id, null, null, "new look", null, png, null));

    Message stored = (Message) loopback.messages("!a").get(0).action();
    assertThat(stored.attachment()).isEqualTo(png);
    assertThat(stored.text()).isEqualTo("new look");
  }

  @Test
  void reactionsKeepTheOrderTheyWereAddedIn() {
    String id = deliver("!a", Message.text("hi")).messageID();
    for (String key : List.of("😂", "👍", "❤️", "🎉")) {
      deliver("!a", new Reaction(null, null, id, key, false, null));
    }
    deliver("!a", new Reaction(null, null, id, "👍", true, null));
    deliver("!a", new Reaction(null, null, id, "👍", false, null));

    assertThat(loopback.messages("!a").get(0).reactions().keySet())
        .containsExactly("😂", "❤️", "🎉", "👍");
  }

  @Test
  void messagesAreKeptWithIdsAndTimesAndEditedDeletedAndReactedTo() {
    String id = deliver("!a", Message.text("hi")).messageID();

    assertThat(deliver("!a", new Edit(null, null, id, null, null, "hey", null)).status())
        .isEqualTo(Status.SUCCESS);
    deliver("!a", new Reaction(null, null, id, "👍", false, null));
    deliver("!a", new Reaction(null, null, id, "👍", false, null));

    LoopbackAdapter.StoredMessage stored = loopback.messages("!a").get(0);
    assertThat(stored.messageID()).isEqualTo(id).startsWith("$loopback-");
    assertThat(((Message) stored.action()).text()).isEqualTo("hey");
    assertThat(stored.editCount()).isEqualTo(1);
    assertThat(stored.reactions()).isEqualTo(Map.of("👍", 2));
    assertThat(loopback.sentAt("!a", id).toCompletableFuture().join())
        .contains(Instant.parse("2026-11-25T12:00:00Z"));

    assertThat(deliver("!a", new Delete(null, null, id, null, true)).status())
        .isEqualTo(Status.SUCCESS);
    assertThat(loopback.messages("!a")).isEmpty();
  }

  @Test
  void unknownTargetsAreAPermanentFailure() {
    DeliveryResult result = deliver("!a", new Edit(null, null, "$nope", null, null, "x", null));

    assertThat(result.status()).isEqualTo(Status.FAIL_PERMANENT);
    assertThat(result.message()).contains("$nope");
  }

  @Test
  void itIsBoundedPerChatAndInChats() {
    deliver("!a", Message.text("1"));
    deliver("!a", Message.text("2"));
    deliver("!a", Message.text("3"));
    deliver("!b", Message.text("b"));
    deliver("!c", Message.text("c"));

    assertThat(loopback.messages("!a")).isEmpty();
    assertThat(loopback.messages("!c")).hasSize(1);
    assertThat(deliver("!b", new Typing(null, null, true)).status()).isEqualTo(Status.SUCCESS);
  }

  @Test
  void theFactoryIsFoundByType() {
    assertThat(ServiceLoader.load(AdapterFactory.class).stream().map(p -> p.get().type()))
        .contains("loopback");
  }
}
