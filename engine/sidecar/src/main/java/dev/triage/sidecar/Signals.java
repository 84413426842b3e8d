package dev.triage.sidecar;

import java.util.logging.Level;

/** SIGHUP, where the platform has it. */
final class Signals {
  private Signals() {}

  /** Runs {@code action} on every SIGHUP; does nothing where there is no SIGHUP (Windows). */
  @SuppressWarnings("removal")
  static void onHangup(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
    } catch (IllegalArgumentException | UnsupportedOperationException noSighup) {
      Logs.SERVER.log(Level.FINE, "no SIGHUP on this platform; reload with POST /v1/config/reload");
    }
  }
}
