package dev.triage.verdict;

import java.util.Objects;

/**
 * The send status a bridge reports to the sender for an action that is not sent.
 *
 * @param status the status
 * @param reason a reason from {@link Reasons}
 * @param message what happened, in words a user can read
 */
public record SendStatus(Status status, String reason, String message) {
  public SendStatus {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
