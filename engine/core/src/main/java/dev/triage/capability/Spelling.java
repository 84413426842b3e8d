package dev.triage.capability;

/** The two spellings of one capability document. Triage reads either and writes either back. */
public enum Spelling {
  /**
   * The {@code com.beeper.room_features} state event as mautrix bridges send it: snake_case keys,
   * {@code file}, {@code member_actions}, state keyed by Matrix event type.
   */
  ROOM_FEATURES,
  /**
   * The Beeper Desktop API's {@code Chat.capabilities}: camelCase keys, {@code attachments}, {@code
   * participantActions}, state keyed by {@code title}, {@code description}, {@code avatar}, {@code
   * disappearingTimer}.
   */
  DESKTOP_API
}
