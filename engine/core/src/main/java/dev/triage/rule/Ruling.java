package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.Chat;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.action.ReadReceipt;
import dev.triage.action.Typing;
import dev.triage.capability.Level;
import dev.triage.verdict.Check;
import dev.triage.verdict.Decision;
import dev.triage.verdict.Note;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Reasons;
import dev.triage.verdict.SendStatus;
import dev.triage.verdict.Status;
import dev.triage.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * What the rules found while deciding one action: notes, whether anything changed, a rejection or a
 * drop, and (when asked) every check made. The rules stop at the first rejection.
 */
final class Ruling {
  /** What to do with a feature, from the level table. */
  enum Treatment {
    /** Levels 1 and 2: send it as it is. */
    KEEP,
    /** Level 0: apply the feature's fallback, or reject if it has none. */
    FALLBACK,
    /** Level -1: remove the feature and send the rest (already noted). */
    STRIP,
    /** Level -2, or -1 for the action itself: decided already; stop. */
    DECIDED
  }

  private final boolean explain;
  private final List<Note> notes = new ArrayList<>(2);
  private final List<Check> checks;
  private boolean changed;

  /** Whether a body was written anew in an equivalent form (Triage's serialization of it). */
  private boolean rewritten;

  private Note rejection;
  private String rejectionReason;
  private Note drop;
  private boolean noOp;

  Ruling(boolean explain) {
    this.explain = explain;
    this.checks = explain ? new ArrayList<>() : List.of();
  }

  /** Applies the level table to a feature that is a part of the action. */
  Treatment part(String capability, Level level, String label) {
    return treat(capability, level, label, false);
  }

  /** Applies the level table to the feature that is the action itself: -1 drops it. */
  Treatment whole(String capability, Level level, String label) {
    return treat(capability, level, label, true);
  }

  private Treatment treat(String capability, Level level, String label, boolean whole) {
    switch (level) {
      case FULL:
        check(capability, level, "level 2: forward");
        return Treatment.KEEP;
      case PARTIAL:
        check(capability, level, "level 1: forward; the network may convert it");
        note(
            NoteCode.FEATURE_PARTIAL,
            capability,
            level,
            label + ": partly supported here; the network may convert it.");
        return Treatment.KEEP;
      case UNSUPPORTED:
        check(capability, level, "level 0: fallback, or reject if none");
        return Treatment.FALLBACK;
      case DROPPED:
        if (whole) {
          check(capability, level, "level -1 for the action itself: drop");
          drop(capability, level, label + ": ignored by this network; it was not sent.");
          return Treatment.DECIDED;
        }
        check(capability, level, "level -1: remove it, send the rest");
        degrade(
            NoteCode.FEATURE_STRIPPED,
            capability,
            level,
            label + ": not supported here; removed, and the rest was sent.");
        return Treatment.STRIP;
      case REJECTED:
        check(capability, level, "level -2: reject");
        reject(
            NoteCode.FEATURE_REJECTED,
            capability,
            level,
            Reasons.UNSUPPORTED_EVENT,
            label + ": refused by this network.");
        return Treatment.DECIDED;
      default:
        throw new AssertionError(level);
    }
  }

  /** Rejects a feature at level 0 that has no fallback. */
  void unsupported(String capability, Level level, String label) {
    reject(
        NoteCode.FEATURE_UNSUPPORTED,
        capability,
        level,
        Reasons.UNSUPPORTED_EVENT,
        label + ": not supported here, and no fallback keeps the meaning.");
  }

  /**
   * Applies a boolean capability to the action itself: true forwards; false drops the action when
   * the network never hears of it anyway, and rejects it otherwise.
   */
  boolean flag(String capability, boolean supported, String label, boolean falseDrops) {
    if (supported) {
      check(capability, supported, "true: forward");
      return true;
    }
    if (falseDrops) {
      check(capability, supported, "false: the network never hears of it; drop");
      drop(capability, null, label + ": ignored by this network; nothing was sent.");
    } else {
      check(capability, supported, "false: reject");
      reject(
          NoteCode.FEATURE_UNSUPPORTED,
          capability,
          null,
          Reasons.UNSUPPORTED_EVENT,
          label + ": not supported here.");
    }
    return false;
  }

  /** Whether checks are recorded: callers skip work that only an explanation needs. */
  boolean explaining() {
    return explain;
  }

  /** Records a check for the explanation. */
  void check(String capability, Object value, String rule) {
    if (explain) {
      String shown = value instanceof Level ? String.valueOf(((Level) value).value()) : value + "";
      checks.add(new Check(capability, shown, rule));
    }
  }

  /** Adds a note that changes nothing (a partial level, an unknown limit). */
  void note(NoteCode code, String capability, Level level, String message) {
    notes.add(new Note(code, capability, level, message));
  }

  /** Adds a note for a change to the action: the verdict becomes a degrade. */
  void degrade(NoteCode code, String capability, Level level, String message) {
    changed = true;
    note(code, capability, level, message);
  }

  /** Rejects the action; the first rejection is the one reported. */
  void reject(NoteCode code, String capability, Level level, String reason, String message) {
    Note note = new Note(code, capability, level, message);
    notes.add(note);
    if (rejection == null) {
      rejection = note;
      rejectionReason = reason;
    }
  }

  private void drop(String capability, Level level, String message) {
    Note note = new Note(NoteCode.ACTION_IGNORED, capability, level, message);
    notes.add(note);
    drop = note;
  }

  /**
   * Drops an action that would change nothing (a reaction the sender already has, a value equal to
   * the current one): nothing is sent, and that is a success.
   */
  void noOp(NoteCode code, String capability, String message) {
    Note note = new Note(code, capability, null, message);
    notes.add(note);
    drop = note;
    noOp = true;
  }

  /** Whether the action was rejected or dropped: the rules stop there. */
  boolean decided() {
    return rejection != null || drop != null;
  }

  /**
   * Notes that the body (html, or Markdown text) is sent as Triage wrote it from the sanitized DOM,
   * with nothing removed or degraded: the action still counts as forwarded.
   */
  void rewritten() {
    rewritten = true;
  }

  /** The verdict for the action given what was found, with {@code out} as what to send. */
  Verdict verdict(Action original, List<Action> out) {
    if (rejection != null) {
      return new Verdict(
          Decision.REJECT,
          List.of(),
          notes,
          new SendStatus(Status.FAIL_PERMANENT, rejectionReason, rejection.message()),
          checks);
    }
    if (drop != null || out.isEmpty()) {
      String message = drop != null ? drop.message() : "Nothing is left to send; nothing was sent.";
      // What the sender wrote and the network never got is a failure the sender must see; only a
      // signal with no content of its own, or a change that changes nothing, succeeds unsent.
      Status status = noOp || isSignal(original) ? Status.SUCCESS : Status.FAIL_PERMANENT;
      return new Verdict(
          Decision.DROP,
          List.of(),
          notes,
          new SendStatus(status, Reasons.EVENT_NOT_HANDLED, message),
          checks);
    }
    boolean unchanged =
        !changed
            && out.size() == 1
            && (out.get(0).equals(original) || (rewritten && sameButBody(out.get(0), original)));
    return new Verdict(unchanged ? Decision.FORWARD : Decision.DEGRADE, out, notes, null, checks);
  }

  /** Read receipts, typing, archive and unread markers: state of the client, not content. */
  static boolean isSignal(Action action) {
    if (action instanceof ReadReceipt || action instanceof Typing) {
      return true;
    }
    if (action instanceof Chat) {
      switch (((Chat) action).action()) {
        case ARCHIVE:
        case UNARCHIVE:
        case MARK_READ:
        case MARK_UNREAD:
          return true;
        default:
          return false;
      }
    }
    return false;
  }

  /** Whether {@code sent} is {@code original} but for its text and html. */
  private static boolean sameButBody(Action sent, Action original) {
    if (sent instanceof Message && original instanceof Message) {
      Message o = (Message) original;
      return ((Message) sent).withText(o.text(), o.html()).equals(o);
    }
    if (sent instanceof Edit && original instanceof Edit) {
      Edit s = (Edit) sent;
      Edit o = (Edit) original;
      return new Edit(
              s.id(), s.chatID(), s.messageID(), s.sentAt(), s.editCount(), o.text(), o.html())
          .equals(o);
    }
    return false;
  }
}
