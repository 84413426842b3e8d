package dev.triage.adapter;

import dev.triage.verdict.Reasons;
import dev.triage.verdict.Status;
import java.util.Objects;

/**
 * What happened to one delivered action.
 *
 * @param status {@link Status#SUCCESS}, {@link Status#FAIL_RETRIABLE} or {@link
 *     Status#FAIL_PERMANENT}
 * @param messageID the network's id for what was sent, on success if the network gives one
 * @param reason a reason from {@link Reasons} on failure, else {@code null}
 * @param message what went wrong, in words, on failure, else {@code null}
 */
public record DeliveryResult(Status status, String messageID, String reason, String message) {
  public DeliveryResult {
    Objects.requireNonNull(status, "status");
    if (status == Status.PENDING) {
      throw new IllegalArgumentException("a delivery result is final; PENDING is not one");
    }
    if (status != Status.SUCCESS && (reason == null || message == null)) {
      throw new IllegalArgumentException("a failed delivery needs a reason and a message");
    }
  }

  /** Delivered; the network calls it {@code messageID} (may be null). */
  public static DeliveryResult delivered(String messageID) {
    return new DeliveryResult(Status.SUCCESS, messageID, null, null);
  }

  /** Not delivered now; trying again later may work. */
  public static DeliveryResult retriable(String reason, String message) {
    return new DeliveryResult(Status.FAIL_RETRIABLE, null, reason, message);
  }

  /** Not delivered, and trying again will not help. */
  public static DeliveryResult permanent(String reason, String message) {
    return new DeliveryResult(Status.FAIL_PERMANENT, null, reason, message);
  }
}
