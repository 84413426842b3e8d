package dev.triage.matrix;

import dev.triage.action.Action;
import dev.triage.capability.Capabilities;
import dev.triage.rule.Mediator;
import dev.triage.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Matrix events in, Matrix events out: reads an event, mediates its actions against a chat's
 * capabilities and writes the verdict back as Matrix events, in one call.
 *
 * <pre>{@code
 * MatrixMediator matrix = MatrixMediator.create(Mediator.create());
 * MatrixRead read = MatrixReader.read(TriageJson.parse(eventJson), related);
 * if (read.isMediated()) {
 *   MatrixAnswer answer = matrix.mediate(read, capabilities);
 *   answer.events().forEach(bridge::send);                 // in order
 *   if (answer.status() != null) bridge.sendStatus(answer.status());
 * } else {
 *   bridge.passOn(read.event());                           // read.reason() says why
 * }
 * }</pre>
 *
 * Thread-safe, as the {@link Mediator} is.
 */
public final class MatrixMediator {
  private final Mediator mediator;

  private MatrixMediator(Mediator mediator) {
    this.mediator = Objects.requireNonNull(mediator, "mediator");
  }

  /** Mediates with {@code mediator} (its clock measures edit and delete ages). */
  public static MatrixMediator create(Mediator mediator) {
    return new MatrixMediator(mediator);
  }

  /**
   * Mediates every action of a read and writes the answer.
   *
   * @throws IllegalArgumentException when the read is not {@link MatrixRead.Kind#ACTIONS}: a caller
   *     passes such events on untouched
   */
  public MatrixAnswer mediate(MatrixRead read, Capabilities capabilities) {
    if (!read.isMediated()) {
      throw new IllegalArgumentException(
          read.kind() + " event " + read.eventType() + ": " + read.reason());
    }
    List<Verdict> verdicts = new ArrayList<>(read.actions().size());
    for (Action action : read.actions()) {
      verdicts.add(mediator.mediate(action, capabilities));
    }
    return MatrixWriter.write(read, verdicts);
  }
}
