package dev.triage.capability;

import java.util.Optional;

/** What a sender can do to another member of a chat ({@code member_actions}). */
public enum MemberOperation {
  BAN("ban", "ban"),
  KICK("kick", "kick"),
  INVITE("invite", "invite"),
  LEAVE("leave", "leave"),
  REVOKE_INVITE("revoke_invite", "revokeInvite");

  private final String snakeName;
  private final String camelName;

  MemberOperation(String snakeName, String camelName) {
    this.snakeName = snakeName;
    this.camelName = camelName;
  }

  /** The room_features key. */
  public String snakeName() {
    return snakeName;
  }

  /** The Desktop API key, also the action wire value. */
  public String camelName() {
    return camelName;
  }

  /** The operation for either spelling. */
  public static Optional<MemberOperation> fromKey(String key) {
    for (MemberOperation op : values()) {
      if (op.snakeName.equals(key) || op.camelName.equals(key)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
