package dev.triage.matrix;

/**
 * An event Triage cannot read: thrown by the per-type readers, caught where {@link MatrixReader}
 * ends the read and turned into {@link MatrixRead.Kind#UNREADABLE} with its message as the reason.
 */
final class Unreadable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Unreadable(String reason) {
    super(reason, null, false, false);
  }
}
