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
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decision metrics: outcomes by action type, notes by code, Matrix events by outcome, and how long
 * deciding takes. Every counter is registered once, up front: looking meters up by name and tags on
 * each decision cost more than the decision.
 */
public final class DecisionMetrics {
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
            .description("Time to decide one action")
            .publishPercentileHistogram()
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

  public void record(Action action, Verdict verdict, long nanos) {
    latency.record(nanos, TimeUnit.NANOSECONDS);
    decisions.get(verdict.decision()).get(action.type()).increment();
    for (Note note : verdict.notes()) {
      notes.get(note.code()).increment();
    }
  }
}
