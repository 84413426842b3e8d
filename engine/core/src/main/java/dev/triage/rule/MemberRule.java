package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.Member;
import dev.triage.capability.Capabilities;
import java.util.List;

/**
 * Member operations (ban, kick, invite, leave, revoke an invite): their level, with no fallback.
 */
final class MemberRule {
  private MemberRule() {}

  static List<Action> apply(Member member, Capabilities caps, Ruling ruling) {
    String capability = "member_actions." + member.action().snakeName();
    return Rule.onlyIf(
        Rule.withoutFallback(ruling, capability, caps.memberLevel(member.action()), label(member)),
        member);
  }

  private static String label(Member member) {
    switch (member.action()) {
      case BAN:
        return "Banning members";
      case KICK:
        return "Removing members";
      case INVITE:
        return "Inviting members";
      case LEAVE:
        return "Leaving the chat";
      case REVOKE_INVITE:
        return "Revoking invites";
      default:
        throw new AssertionError(member.action());
    }
  }
}
