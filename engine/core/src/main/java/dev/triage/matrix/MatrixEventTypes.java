package dev.triage.matrix;

import java.util.Map;

/** The Matrix event types, msgtypes and keys the dialect reads and writes. */
final class MatrixEventTypes {
  static final String MESSAGE = "m.room.message";
  static final String STICKER = "m.sticker";
  static final String REACTION = "m.reaction";
  static final String REDACTION = "m.room.redaction";
  static final String ENCRYPTED = "m.room.encrypted";
  static final String POLL_START_UNSTABLE = "org.matrix.msc3381.poll.start";
  static final String POLL_START = "m.poll.start";
  static final String NAME = "m.room.name";
  static final String TOPIC = "m.room.topic";
  static final String AVATAR = "m.room.avatar";
  static final String DISAPPEARING_TIMER = "com.beeper.disappearing_timer";
  static final String MEMBER = "m.room.member";
  static final String DELETE_CHAT = "com.beeper.delete_chat";
  static final String ACCEPT_MESSAGE_REQUEST = "com.beeper.accept_message_request";
  static final String RECEIPT = "m.receipt";
  static final String TYPING = "m.typing";
  static final String ROOM_FEATURES = "com.beeper.room_features";
  static final String MESSAGE_SEND_STATUS = "com.beeper.message_send_status";

  static final String HTML_FORMAT = "org.matrix.custom.html";
  static final String RELATES_TO = "m.relates_to";
  static final String IN_REPLY_TO = "m.in_reply_to";
  static final String NEW_CONTENT = "m.new_content";
  static final String REPLACE = "m.replace";
  static final String THREAD = "m.thread";
  static final String ANNOTATION = "m.annotation";
  static final String REFERENCE = "m.reference";
  static final String VOICE_KEY = "org.matrix.msc3245.voice";
  static final String GIF_KEY = "fi.mau.gif";

  /**
   * Known events that are no action Triage mediates, with why: passed on untouched. (Types not here
   * and not read are unreadable.)
   */
  static final Map<String, String> NOT_ACTIONS =
      Map.ofEntries(
          Map.entry("m.room.create", "creating a room"),
          Map.entry("m.room.join_rules", "join rules"),
          Map.entry("m.room.power_levels", "power levels"),
          Map.entry("m.room.history_visibility", "history visibility"),
          Map.entry("m.room.guest_access", "guest access"),
          Map.entry("m.room.canonical_alias", "a room alias"),
          Map.entry("m.room.aliases", "room aliases"),
          Map.entry("m.room.server_acl", "server ACLs"),
          Map.entry("m.room.pinned_events", "pinned events"),
          Map.entry("m.room.tombstone", "a room upgrade"),
          Map.entry("m.room.encryption", "turning on encryption"),
          Map.entry("m.room.third_party_invite", "a third-party invite"),
          Map.entry("m.space.child", "a space child"),
          Map.entry("m.space.parent", "a space parent"),
          Map.entry("m.bridge", "bridge info"),
          Map.entry("uk.half-shot.bridge", "bridge info"),
          Map.entry(ROOM_FEATURES, "the room's capabilities"),
          Map.entry(MESSAGE_SEND_STATUS, "a message send status"),
          Map.entry("m.presence", "presence"),
          Map.entry("org.matrix.msc3381.poll.response", "a poll vote"),
          Map.entry("m.poll.response", "a poll vote"),
          Map.entry("org.matrix.msc3381.poll.end", "ending a poll"),
          Map.entry("m.poll.end", "ending a poll"));

  private MatrixEventTypes() {}

  static boolean isPollStart(String type) {
    return POLL_START_UNSTABLE.equals(type) || POLL_START.equals(type);
  }
}
