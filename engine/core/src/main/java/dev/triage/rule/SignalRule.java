package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.ReadReceipt;
import dev.triage.action.Typing;
import dev.triage.capability.Capabilities;
import java.util.List;

/**
 * Read receipts and typing notifications: state of the client, not content. A chat that does not
 * take them drops them, and that is a success (see {@link Flag}).
 */
final class SignalRule {
  private SignalRule() {}

  static List<Action> readReceipt(ReadReceipt receipt, Capabilities caps, Ruling ruling) {
    return Rule.onlyIf(Flag.READ_RECEIPTS.allows(ruling, caps.readReceipts()), receipt);
  }

  static List<Action> typing(Typing typing, Capabilities caps, Ruling ruling) {
    return Rule.onlyIf(
        Flag.TYPING_NOTIFICATIONS.allows(ruling, caps.typingNotifications()), typing);
  }
}
