package dev.triage.delivery;

import dev.triage.adapter.DeliveryResult;
import java.util.Objects;
import java.util.Optional;

/**
 * What a journal says of a part about to be delivered ({@link DeliveryJournal#claim}): deliver it
 * now, or give this answer instead — its first result, or a retriable failure when another process
 * is still delivering it.
 */
public final class Claim {
  private static final Claim DELIVER = new Claim(null);

  private final DeliveryResult answer;

  private Claim(DeliveryResult answer) {
    this.answer = answer;
  }

  /** The part is this caller's to deliver; it must end with a record or an abandon. */
  public static Claim deliver() {
    return DELIVER;
  }

  /** The part is answered: nothing is to be sent. */
  public static Claim answered(DeliveryResult answer) {
    return new Claim(Objects.requireNonNull(answer, "answer"));
  }

  /** The answer to give instead of delivering, if any. */
  public Optional<DeliveryResult> answer() {
    return Optional.ofNullable(answer);
  }

  @Override
  public String toString() {
    return answer == null ? "Claim[deliver]" : "Claim[answered " + answer + "]";
  }
}
