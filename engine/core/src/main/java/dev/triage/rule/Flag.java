package dev.triage.rule;

import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Reasons;

/**
 * The capabilities that are booleans, and what false means: the one table the rules and {@link
 * CapabilityDiff} read. False drops what the network never hears of (a signal of the client's
 * state: receipts, typing, archive, unread markers), and rejects the rest, since going on without
 * it would widen reach or exposure (a delete for me is not one for everyone, a view-once file is
 * not a lasting one).
 */
enum Flag {
  READ_RECEIPTS("read_receipts", WhenFalse.DROP, "Read receipts"),
  TYPING_NOTIFICATIONS("typing_notifications", WhenFalse.DROP, "Typing notifications"),
  ARCHIVE("archive", WhenFalse.DROP, "Archiving"),
  MARK_AS_UNREAD("mark_as_unread", WhenFalse.DROP, "Unread markers"),
  DELETE_FOR_ME("delete_for_me", WhenFalse.REJECT, "Deleting a message only for yourself"),
  CUSTOM_EMOJI_REACTIONS("custom_emoji_reactions", WhenFalse.REJECT, "Custom emoji reactions"),
  DELETE_CHAT("delete_chat", WhenFalse.REJECT, "Deleting the chat"),
  DELETE_CHAT_FOR_EVERYONE(
      "delete_chat_for_everyone", WhenFalse.REJECT, "Deleting the chat for everyone"),
  /** Per msgtype: {@code file.<msgtype>.view_once}. */
  VIEW_ONCE("view_once", WhenFalse.REJECT, "View-once files");

  /** What a false value does to an action that needs the feature. */
  enum WhenFalse {
    /** The network never hears of it: nothing is sent, and a signal succeeds quietly. */
    DROP("now dropped: the network never hears of them"),
    /** Refused: a permanent failure with a reason. */
    REJECT("now rejected");

    private final String meaning;

    WhenFalse(String meaning) {
      this.meaning = meaning;
    }

    /** What turning the flag off means for senders, as {@link CapabilityDiff} says it. */
    String meaning() {
      return meaning;
    }
  }

  private final String field;
  private final WhenFalse whenFalse;
  private final String label;

  Flag(String field, WhenFalse whenFalse, String label) {
    this.field = field;
    this.whenFalse = whenFalse;
    this.label = label;
  }

  /** The field in room_features spelling; for {@link #VIEW_ONCE} the last part of its path. */
  String field() {
    return field;
  }

  WhenFalse whenFalse() {
    return whenFalse;
  }

  /**
   * The flag at a room_features path ({@code archive}, {@code file.m.image.view_once}), or null.
   */
  static Flag at(String path) {
    if (path.startsWith("file.")) {
      return path.endsWith("." + VIEW_ONCE.field) ? VIEW_ONCE : null;
    }
    for (Flag flag : values()) {
      if (flag != VIEW_ONCE && flag.field.equals(path)) {
        return flag;
      }
    }
    return null;
  }

  /**
   * Applies the flag to the action itself: true forwards; false drops or rejects it as the table
   * says, with the generic note.
   */
  boolean allows(Ruling ruling, boolean value) {
    return ruling.flag(field, value, label, whenFalse == WhenFalse.DROP);
  }

  /** Applies a flag whose refusal has a note of its own: true forwards; false rejects. */
  boolean allows(Ruling ruling, boolean value, NoteCode refused, String message) {
    return allows(ruling, field, value, refused, message);
  }

  /**
   * {@link #allows(Ruling, boolean, NoteCode, String)} for a flag at a longer path ({@code
   * file.m.image.view_once}).
   */
  boolean allows(
      Ruling ruling, String capability, boolean value, NoteCode refused, String message) {
    if (whenFalse != WhenFalse.REJECT) {
      throw new IllegalStateException(field + " drops when false: use allows(ruling, value)");
    }
    if (value) {
      ruling.check(capability, true, "true: forward");
      return true;
    }
    ruling.check(capability, false, "false: reject");
    ruling.reject(refused, capability, null, Reasons.UNSUPPORTED_EVENT, message);
    return false;
  }
}
