package dev.triage.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit on a thread of its own: a writer that wants its writes durable asks {@link #after()}
 * for a stage, which completes when a commit begun after the request has finished. Requests that
 * arrive while a commit runs wait for the next one, which covers them all, so the more deliveries
 * finish together the fewer commits, and no writer's thread waits for the file: the number waiting
 * is not bounded by a pool's threads.
 *
 * <p>The stages complete on the commit thread: callers move their continuations elsewhere (Delivery
 * does, to its journal executor) rather than run work there.
 */
final class GroupCommit implements AutoCloseable {
  private final Runnable commit;
  private final ExecutorService committer;
  private final AtomicLong commits = new AtomicLong();
  private final Object lock = new Object();
  private List<CompletableFuture<Void>> waiting = new ArrayList<>();
  private boolean scheduled;

  /** Groups calls of {@code commit}, which must make every write made before it durable. */
  GroupCommit(Runnable commit) {
    this.commit = commit;
    this.committer =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "triage-journal-commit");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * A stage that completes once a commit has covered every write this thread made before the call,
   * or fails with what the commit threw.
   */
  CompletableFuture<Void> after() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    boolean schedule;
    synchronized (lock) {
      waiting.add(done);
      schedule = !scheduled;
      scheduled = true;
    }
    if (schedule) {
      try {
        committer.execute(this::commitWaiting);
      } catch (RejectedExecutionException closed) {
        // Closing: no commit will come for anyone waiting now, not only for this caller.
        List<CompletableFuture<Void>> stranded;
        synchronized (lock) {
          stranded = waiting;
          waiting = new ArrayList<>();
          scheduled = false;
        }
        IllegalStateException failure = new IllegalStateException("the journal is closed");
        stranded.forEach(waiter -> waiter.completeExceptionally(failure));
      }
    }
    return done;
  }

  /**
   * Returns once {@code committed} (a stage from {@link #after()}) completes, or throws its
   * failure.
   */
  static void await(CompletionStage<?> committed) {
    try {
      committed.toCompletableFuture().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException
          ? (RuntimeException) e.getCause()
          : new IllegalStateException(e.getCause());
    }
  }

  /** How many commits were made for waiting writers. */
  long commits() {
    return commits.get();
  }

  private void commitWaiting() {
    List<CompletableFuture<Void>> group;
    synchronized (lock) {
      // Taken before the commit: every write these waiters made is in the store already.
      group = waiting;
      waiting = new ArrayList<>();
      scheduled = false;
    }
    if (group.isEmpty()) {
      return;
    }
    try {
      commit.run();
      commits.incrementAndGet();
    } catch (Throwable e) { // an Error too: no waiter may be left without an answer
      group.forEach(waiter -> waiter.completeExceptionally(e));
      return;
    }
    group.forEach(waiter -> waiter.complete(null));
  }

  /** Commits what still waits, then stops the commit thread. */
  @Override
  public void close() {
    committer.shutdown();
    try {
      if (!committer.awaitTermination(10, TimeUnit.SECONDS)) {
        committer.shutdownNow();
      }
    } catch (InterruptedException e) {
      committer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
