package dev.triage.delivery;

import dev.triage.adapter.DeliveryResult;
import dev.triage.verdict.SendStatus;
import dev.triage.verdict.Verdict;
import java.util.List;
import java.util.Objects;

/**
 * A mediated and delivered action.
 *
 * @param verdict the decision
 * @param deliveries one result per action of the verdict, in order; an action after a failed one is
 *     not attempted and carries the failure's status
 * @param sendStatus the overall status for the sender: {@code SUCCESS} when everything was
 *     delivered (or dropped), else the worst failure
 */
public record DeliveryOutcome(
    Verdict verdict, List<DeliveryResult> deliveries, SendStatus sendStatus) {
  public DeliveryOutcome {
    Objects.requireNonNull(verdict, "verdict");
    deliveries = List.copyOf(deliveries);
    Objects.requireNonNull(sendStatus, "sendStatus");
  }
}
