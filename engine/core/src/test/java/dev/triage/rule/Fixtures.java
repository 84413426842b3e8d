package dev.triage.rule;

import dev.triage.action.Attachment;
import dev.triage.capability.Capabilities;
import dev.triage.capability.DisappearingTimerCapability;
import dev.triage.capability.FileCapability;
import dev.triage.capability.Level;
import dev.triage.capability.MemberOperation;
import dev.triage.capability.StateField;
import dev.triage.capability.TimerType;
import dev.triage.format.FormattingFeature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Shared test data: a fixed clock and a chat that supports everything. */
public final class Fixtures {
  /** 2026-11-25T12:00:00Z. */
  static final long NOW = 1_795_608_000_000L;

  static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

  private Fixtures() {}

  /**
   * Every level 2 (formatting included), every boolean true, no limits, every msgtype accepting
   * everything.
   */
  public static Capabilities everything() {
    Capabilities.Builder caps =
        Capabilities.builder()
            .thread(Level.FULL)
            .reply(Level.FULL)
            .edit(Level.FULL)
            .delete(Level.FULL)
            .deleteForMe(true)
            .reaction(Level.FULL)
            .customEmojiReactions(true)
            .poll(Level.FULL)
            .locationMessage(Level.FULL)
            .readReceipts(true)
            .typingNotifications(true)
            .archive(true)
            .markAsUnread(true)
            .deleteChat(true)
            .deleteChatForEveryone(true)
            .acceptRequestWithButton(Level.FULL)
            .acceptRequestWithMessage(Level.FULL)
            .disappearingTimer(
                new DisappearingTimerCapability(
                    List.of(TimerType.AFTER_READ, TimerType.AFTER_SEND), List.of(), false));
    for (FormattingFeature feature : FormattingFeature.values()) {
      caps.formatting(feature.key(), Level.FULL);
    }
    for (StateField field : StateField.values()) {
      caps.state(field, Level.FULL);
    }
    for (MemberOperation op : MemberOperation.values()) {
      caps.memberAction(op, Level.FULL);
    }
    for (String msgtype :
        List.of(
            Attachment.IMAGE,
            Attachment.FILE,
            Attachment.AUDIO,
            Attachment.VIDEO,
            Attachment.VOICE,
            Attachment.GIF,
            Attachment.STICKER)) {
      caps.file(msgtype, file(Map.of("*/*", Level.FULL)));
    }
    return caps.build();
  }

  /** A file capability with the given MIME levels, full captions, no limits. */
  static FileCapability file(Map<String, Level> mimes) {
    return new FileCapability(mimes, Level.FULL, 0, 0, 0, 0, Duration.ZERO, false, Map.of());
  }
}
