package dev.triage.action;

import dev.triage.capability.MemberOperation;

/**
 * Acting on a chat member.
 *
 * @param id the client's transaction id, or {@code null}
 * @param chatID the target chat, or {@code null}
 * @param action what to do
 * @param userID the member acted on
 */
public record Member(String id, String chatID, MemberOperation action, String userID)
    implements Action {
  public Member {
    if (action == null) {
      throw new IllegalArgumentException("action is required");
    }
    Action.requireText(userID, "userID");
  }

  @Override
  public ActionType type() {
    return ActionType.MEMBER;
  }
}
