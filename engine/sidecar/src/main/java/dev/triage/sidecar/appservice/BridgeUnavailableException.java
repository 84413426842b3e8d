package dev.triage.sidecar.appservice;

/**
 * The bridge did not accept a transaction: the homeserver is answered with an error and retries.
 */
final class BridgeUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BridgeUnavailableException(String message) {
    super(message);
  }
}
