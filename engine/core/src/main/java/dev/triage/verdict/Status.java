package dev.triage.verdict;

/** Message send status, in the Matrix/Beeper message-status vocabulary. */
public enum Status {
  SUCCESS,
  PENDING,
  FAIL_RETRIABLE,
  FAIL_PERMANENT
}
