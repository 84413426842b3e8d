package dev.triage.sidecar.appservice;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Which instance handles a homeserver's transaction, when several share the homeserver's retries
 * (PostgreSQL): one claims it, mediates and forwards it, and says when the bridge accepted it; a
 * retry that reaches another instance meanwhile waits, or is answered without being handled again.
 * A single process claims every transaction it is sent ({@link #local()}): its own memory of
 * transactions does the rest.
 */
public interface TransactionClaims {
  /** What a claim found. */
  enum Outcome {
    /** Handle it, then {@link #accepted} or {@link #release}. */
    YOURS,
    /** Handled and accepted by the bridge already: answer the homeserver, do nothing. */
    ACCEPTED,
    /** Another instance is handling it: let the homeserver retry. */
    BUSY
  }

  /** Claims a transaction (the same id with another body is another transaction). */
  CompletionStage<Outcome> claim(String bridge, String txnID, String bodyHash);

  /** The bridge accepted it. */
  CompletionStage<Void> accepted(String bridge, String txnID, String bodyHash);

  /** The bridge did not accept it: a retry is handled afresh, wherever it lands. */
  CompletionStage<Void> release(String bridge, String txnID, String bodyHash);

  /** One process: every transaction is its own. */
  static TransactionClaims local() {
    CompletionStage<Outcome> yours = CompletableFuture.completedFuture(Outcome.YOURS);
    CompletionStage<Void> done = CompletableFuture.completedFuture(null);
    return new TransactionClaims() {
      @Override
      public CompletionStage<Outcome> claim(String bridge, String txnID, String bodyHash) {
        return yours;
      }

      @Override
      public CompletionStage<Void> accepted(String bridge, String txnID, String bodyHash) {
        return done;
      }

      @Override
      public CompletionStage<Void> release(String bridge, String txnID, String bodyHash) {
        return done;
      }
    };
  }
}
