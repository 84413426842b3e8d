package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.Chat;
import dev.triage.action.Delete;
import dev.triage.action.DisappearingTimer;
import dev.triage.action.Edit;
import dev.triage.action.Location;
import dev.triage.action.Member;
import dev.triage.action.Message;
import dev.triage.action.Poll;
import dev.triage.action.Reaction;
import dev.triage.action.ReadReceipt;
import dev.triage.action.State;
import dev.triage.action.Typing;
import dev.triage.capability.Capabilities;
import dev.triage.verdict.Decision;
import dev.triage.verdict.Verdict;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Decides what to do with an outbound action given the target chat's capabilities: forward,
 * degrade, drop or reject. Pure and synchronous; thread-safe; time comes from the injected clock.
 *
 * <pre>{@code
 * Mediator mediator = Mediator.create();
 * Verdict verdict = mediator.mediate(action, capabilities);
 * }</pre>
 */
public final class Mediator {
  private final Rule<Edit> edits;
  private final Rule<Delete> deletes;

  private Mediator(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    this.edits = new EditRule(clock);
    this.deletes = new DeleteRule(clock);
  }

  /** A mediator on the system clock. */
  public static Mediator create() {
    return new Mediator(Clock.systemUTC());
  }

  /** A mediator on the given clock; age rules measure against it. */
  public static Mediator create(Clock clock) {
    return new Mediator(clock);
  }

  /** Decides one action. */
  public Verdict mediate(Action action, Capabilities capabilities) {
    return decide(action, capabilities, false);
  }

  /** Decides one action and records every capability consulted in the verdict's explanation. */
  public Verdict explain(Action action, Capabilities capabilities) {
    return decide(action, capabilities, true);
  }

  private Verdict decide(Action action, Capabilities caps, boolean explain) {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(caps, "capabilities");
    if (!explain && isPlainTextWithinLimit(action, caps)) {
      // The most common action of all, and nothing to decide: no ruling, no notes.
      return new Verdict(Decision.FORWARD, List.of(action), List.of(), null, List.of());
    }
    Ruling ruling = new Ruling(explain);
    List<Action> out = apply(action, caps, ruling);
    return ruling.verdict(action, ruling.decided() ? List.of() : Ids.number(out));
  }

  /**
   * Hands the action to its kind's rule. A switch expression over the enum must name every kind, so
   * a new kind of action does not compile until it has a rule here.
   */
  private List<Action> apply(Action action, Capabilities caps, Ruling ruling) {
    return switch (action.type()) {
      case MESSAGE -> apply(MessageRule::apply, Message.class, action, caps, ruling);
      case EDIT -> apply(edits, Edit.class, action, caps, ruling);
      case DELETE -> apply(deletes, Delete.class, action, caps, ruling);
      case REACTION -> apply(ReactionRule::apply, Reaction.class, action, caps, ruling);
      case POLL -> apply(PollRule::apply, Poll.class, action, caps, ruling);
      case LOCATION -> apply(LocationRule::apply, Location.class, action, caps, ruling);
      case STATE -> apply(StateRule::apply, State.class, action, caps, ruling);
      case DISAPPEARING_TIMER ->
          apply(TimerRule::apply, DisappearingTimer.class, action, caps, ruling);
      case MEMBER -> apply(MemberRule::apply, Member.class, action, caps, ruling);
      case CHAT -> apply(ChatRule::apply, Chat.class, action, caps, ruling);
      case READ_RECEIPT -> apply(SignalRule::readReceipt, ReadReceipt.class, action, caps, ruling);
      case TYPING -> apply(SignalRule::typing, Typing.class, action, caps, ruling);
    };
  }

  /** The one cast: an action's type() names its record, and Class.cast checks that it does. */
  private static <A extends Action> List<Action> apply(
      Rule<A> rule, Class<A> kind, Action action, Capabilities caps, Ruling ruling) {
    return rule.apply(kind.cast(action), caps, ruling);
  }

  /**
   * A text message with no markup, reply, thread or file, that fits {@code max_text_length}:
   * forwarded as it is.
   */
  private static boolean isPlainTextWithinLimit(Action action, Capabilities caps) {
    if (!(action instanceof Message m)) {
      return false;
    }
    if (m.html() != null
        || m.markdown()
        || m.pendingRequest()
        || m.replyTo() != null
        || m.threadRoot() != null
        || m.attachment() != null) {
      return false;
    }
    return TextLimit.fits(m.text(), caps.maxTextLength());
  }
}
