package dev.triage.sidecar;

import java.util.logging.LogManager;

/**
 * A LogManager that is not reset when the JVM shuts down. JUL's own shutdown hook resets the log
 * manager while other hooks still run, which would silence what Triage logs as it stops (requests
 * finishing, "stopped"). Triage sets its handlers itself, so a reset has nothing to do.
 */
public final class LastingLogManager extends LogManager {
  @Override
  public void reset() {
    // Deliberately empty: see the class comment.
  }
}
