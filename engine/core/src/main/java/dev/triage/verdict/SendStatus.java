package dev.triage.verdict;

import java.util.Objects;

/**
 * The send status a bridge reports to the sender for an action that is not sent.
 *
 * @param status the status
 * @param reason a reason from {@link Reasons}; may be {@code null} for {@code SUCCESS}
 * @param message what happened, in words a user can read
 */
public record SendStatus(Status status, String reason, String message) {
  public SendStatus {
    Objects.requireNonNull(status, "status");
    if (reason == null && status != Status.SUCCESS) {
      throw new NullPointerException("reason (required unless the status is SUCCESS)");
    }
    Objects.requireNonNull(message, "message");
  }
}
