package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.Chat;
import dev.triage.capability.Capabilities;
import java.util.List;

/**
 * Chat operations: archive, unread markers and deleting the chat are boolean capabilities (see
 * {@link Flag}); accepting a message request has a level, with no fallback.
 */
final class ChatRule {
  private ChatRule() {}

  static List<Action> apply(Chat chat, Capabilities caps, Ruling ruling) {
    boolean kept;
    switch (chat.action()) {
      case ARCHIVE:
      case UNARCHIVE:
        kept = Flag.ARCHIVE.allows(ruling, caps.archive());
        break;
      case MARK_UNREAD:
      case MARK_READ:
        // Both set or clear the network's unread marker; read receipts are their own action.
        kept = Flag.MARK_AS_UNREAD.allows(ruling, caps.markAsUnread());
        break;
      case DELETE:
        kept = Flag.DELETE_CHAT.allows(ruling, caps.deleteChat());
        break;
      case DELETE_FOR_EVERYONE:
        kept = Flag.DELETE_CHAT_FOR_EVERYONE.allows(ruling, caps.deleteChatForEveryone());
        break;
      case ACCEPT_REQUEST:
        kept =
            Rule.withoutFallback(
                ruling,
                "message_request.accept_with_button",
                caps.acceptRequestWithButton(),
                "Accepting message requests");
        break;
      default:
        throw new AssertionError(chat.action());
    }
    return Rule.onlyIf(kept, chat);
  }
}
