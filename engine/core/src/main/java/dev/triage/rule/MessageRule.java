package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.Message;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Reasons;
import java.util.List;

/**
 * Messages: a pending message request, then the thread and the reply ({@link RelationRule}), the
 * formatting ({@link FormattingRule}), and the file ({@link FileRule}) or the text ({@link
 * TextLimit}).
 */
final class MessageRule {
  private MessageRule() {}

  static List<Action> apply(Message original, Capabilities caps, Ruling ruling) {
    Message message = original;
    if (message.pendingRequest() && !acceptsWithMessage(caps, ruling)) {
      return List.of();
    }
    if (message.threadRoot() != null) {
      message = RelationRule.thread(message, caps, ruling);
      if (message == null) {
        return List.of();
      }
    }
    if (message.replyTo() != null) {
      message = RelationRule.reply(message, caps, ruling);
      if (message == null) {
        return List.of();
      }
    }
    message = FormattingRule.format(message, caps, ruling);
    if (message == null) {
      return List.of();
    }
    if (message.attachment() != null) {
      return FileRule.apply(message, caps, ruling);
    }
    return List.copyOf(TextLimit.split(message, caps, ruling));
  }

  /** A text message made by a fallback (poll, location, edit): formatted and split like any. */
  static List<Action> text(Message message, Capabilities caps, Ruling ruling) {
    Message formatted = FormattingRule.format(message, caps, ruling);
    return formatted == null ? List.of() : List.copyOf(TextLimit.split(formatted, caps, ruling));
  }

  /**
   * Sending into a chat with a pending message request accepts the request: bridgev2 needs {@code
   * message_request.accept_with_message} for that. Levels 1 and 2 pass; anything lower rejects,
   * since a message that does not accept the request would not reach the other side.
   */
  private static boolean acceptsWithMessage(Capabilities caps, Ruling ruling) {
    String capability = "message_request.accept_with_message";
    Level level = caps.acceptRequestWithMessage();
    if (level.isSupported()) {
      ruling.part(capability, level, "Accepting a message request by replying");
      return true;
    }
    ruling.check(
        capability, level, "level " + level.value() + ": reject; accept the request first");
    ruling.reject(
        NoteCode.MESSAGE_REQUEST_PENDING,
        capability,
        level,
        Reasons.UNSUPPORTED_EVENT,
        "This chat is a message request, and replying does not accept it on this network; accept"
            + " the request first.");
    return false;
  }
}
