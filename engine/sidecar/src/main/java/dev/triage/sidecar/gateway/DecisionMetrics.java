package dev.triage.sidecar.gateway;

import dev.triage.action.Action;
import dev.triage.action.ActionType;
import dev.triage.verdict.Decision;
import dev.triage.verdict.Note;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decision metrics: outcomes by action type, notes by code, Matrix events by outcome, and how long
 * deciding takes. Every counter is registered once, up front: looking meters up by name and tags on
 * each decision cost more than the decision.
 */
public final class DecisionMetrics {
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofNanos(1_000),
    Duration.ofNanos(10_000),
    Duration.ofNanos(100_000),
    Duration.ofMillis(1),
    Duration.ofMillis(10),
    Duration.ofMillis(100),
    Duration.ofSeconds(1)
  };

  private final Timer latency;
  private final Map<Decision, Map<ActionType, Counter>> decisions = new EnumMap<>(Decision.class);
  private final Map<NoteCode, Counter> notes = new EnumMap<>(NoteCode.class);
  private final Map<MatrixOutcome, Counter> matrixEvents = new EnumMap<>(MatrixOutcome.class);

  /** What became of a Matrix event: its decision, or that it was no action or unreadable. */
  public enum MatrixOutcome {
    FORWARD("forward"),
    DEGRADE("degrade"),
    DROP("drop"),
    REJECT("reject"),
    NOT_MEDIATED("not_mediated"),
    UNREADABLE("unreadable");

    private final String tag;

    MatrixOutcome(String tag) {
      this.tag = tag;
    }

    /** The outcome of a decided event. */
    public static MatrixOutcome of(Decision decision) {
      return valueOf(decision.name());
    }
  }

  public DecisionMetrics(MeterRegistry registry) {
    this.latency =
        Timer.builder("triage.decision.duration")
            .description("Time to decide one action; a batch is one sample, its time per action")
            // Decisions take nanoseconds to a few milliseconds: buckets where they fall (the
            // default histogram starts at a millisecond), few enough to be cheap to count.
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .register(registry);
    for (Decision decision : Decision.values()) {
      Map<ActionType, Counter> byType = new EnumMap<>(ActionType.class);
      for (ActionType type : ActionType.values()) {
        byType.put(
            type,
            Counter.builder("triage.decisions")
                .description("Decisions by outcome and action type")
                .tag("outcome", decision.wireName())
                .tag("action", type.wireName())
                .register(registry));
      }
      decisions.put(decision, byType);
    }
    for (MatrixOutcome outcome : MatrixOutcome.values()) {
      matrixEvents.put(
          outcome,
          Counter.builder("triage.matrix.events")
              .description(
                  "Matrix events by outcome: a decision, not_mediated (no action) or unreadable")
              .tag("outcome", outcome.tag)
              .register(registry));
    }
    for (NoteCode code : NoteCode.values()) {
      notes.put(
          code,
          Counter.builder("triage.notes")
              .description("Notes by code")
              .tag("code", code.code())
              .register(registry));
    }
  }

  /** Counts one Matrix event by what became of it. */
  public void recordMatrix(MatrixOutcome outcome) {
    matrixEvents.get(outcome).increment();
  }

  /**
   * Counts a batch's decisions: each by outcome, action type and notes, added up first and counted
   * once per meter; the time as one sample, the batch's time per action.
   */
  public void recordAll(List<? extends Action> actions, List<Gateway.Decided> decided, long nanos) {
    if (actions.isEmpty()) {
      return;
    }
    latency.record(nanos / actions.size(), TimeUnit.NANOSECONDS);
    int types = ActionType.values().length;
    int[] byOutcomeAndType = new int[Decision.values().length * types];
    int[] byNote = null;
    for (int i = 0; i < actions.size(); i++) {
      Verdict verdict = decided.get(i).verdict();
      byOutcomeAndType[verdict.decision().ordinal() * types + actions.get(i).type().ordinal()]++;
      for (Note note : verdict.notes()) {
        if (byNote == null) {
          byNote = new int[NoteCode.values().length];
        }
        byNote[note.code().ordinal()]++;
      }
    }
    for (int cell = 0; cell < byOutcomeAndType.length; cell++) {
      if (byOutcomeAndType[cell] > 0) {
        decisions
            .get(Decision.values()[cell / types])
            .get(ActionType.values()[cell % types])
            .increment(byOutcomeAndType[cell]);
      }
    }
    if (byNote != null) {
      for (int code = 0; code < byNote.length; code++) {
        if (byNote[code] > 0) {
          notes.get(NoteCode.values()[code]).increment(byNote[code]);
        }
      }
    }
  }

  /** Counts one decision and the time it took. */
  public void record(Action action, Verdict verdict, long nanos) {
    latency.record(nanos, TimeUnit.NANOSECONDS);
    decisions.get(verdict.decision()).get(action.type()).increment();
    for (Note note : verdict.notes()) {
      notes.get(note.code()).increment();
    }
  }
}
