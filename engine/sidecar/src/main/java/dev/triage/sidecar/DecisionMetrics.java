package dev.triage.sidecar;

import dev.triage.action.Action;
import dev.triage.verdict.Note;
import dev.triage.verdict.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** Decision metrics: outcomes by action type, notes by code, and how long deciding takes. */
final class DecisionMetrics {
  private final MeterRegistry registry;
  private final Timer latency;

  DecisionMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.latency =
        Timer.builder("triage.decision.duration")
            .description("Time to decide one action")
            .publishPercentileHistogram()
            .register(registry);
  }

  void record(Action action, Verdict verdict, long nanos) {
    latency.record(nanos, TimeUnit.NANOSECONDS);
    Counter.builder("triage.decisions")
        .description("Decisions by outcome and action type")
        .tag("outcome", verdict.decision().wireName())
        .tag("action", action.type().wireName())
        .register(registry)
        .increment();
    for (Note note : verdict.notes()) {
      Counter.builder("triage.notes")
          .description("Notes by code")
          .tag("code", note.code().code())
          .register(registry)
          .increment();
    }
  }
}
