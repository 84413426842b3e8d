package dev.triage.postgres;

/**
 * The shared database could not do what was asked (unreachable, a statement failed): nothing this
 * call was to write was written. The message names the database (never its password) and what was
 * being done. The sidecar answers it 503 {@code storage_unavailable}.
 */
public final class StorageException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
