package dev.triage.sidecar.gateway;

import dev.triage.action.Action;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.sidecar.http.ApiException;
import dev.triage.sidecar.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * Where HTML and Markdown work runs: a bounded pool of worker threads, never an event loop, so one
 * request with heavy markup cannot stall every other request (health checks included). Work that
 * would wait behind more than {@code workQueue} others is refused at once with 503 {@code
 * overloaded}, so waiting requests cannot pile up without bound. Plain actions skip the pool: they
 * cost less than the hop.
 */
public final class FormatWorkers implements AutoCloseable {
  private final WorkerExecutor executor;
  private final Semaphore places;
  private final int capacity;

  /** A pool of {@code threads} with room for {@code queue} waiting requests. */
  public FormatWorkers(Vertx vertx, int threads, int queue) {
    this.executor = vertx.createSharedWorkerExecutor("triage-format", threads);
    this.capacity = threads + queue;
    this.places = new Semaphore(capacity);
  }

  /** Whether deciding the action parses markup: HTML, or Markdown to render. */
  public static boolean isHeavy(Action action) {
    if (action instanceof Message) {
      Message message = (Message) action;
      return message.html() != null || message.markdown();
    }
    return action instanceof Edit && ((Edit) action).html() != null;
  }

  /** Whether any of the actions is heavy. */
  public static boolean anyHeavy(List<? extends Action> actions) {
    for (Action action : actions) {
      if (isHeavy(action)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code work} on a worker when {@code heavy}, else here; the future completes on the
   * caller's context either way.
   */
  public <T> Future<T> run(boolean heavy, Callable<T> work) {
    if (!heavy) {
      try {
        return Future.succeededFuture(work.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    if (!places.tryAcquire()) {
      return Future.failedFuture(
          new ApiException(
              ErrorCode.OVERLOADED,
              "too much HTML or Markdown work is waiting ("
                  + capacity
                  + " requests, server.workers + server.workQueue); retry shortly",
              null));
    }
    return executor.executeBlocking(work, false).onComplete(done -> places.release());
  }

  /**
   * The pool as an executor, for work that must leave an event loop and has already been admitted
   * (a decision that follows a lookup of a request the pool let in).
   */
  public java.util.concurrent.Executor executor() {
    return task ->
        executor.executeBlocking(
            () -> {
              task.run();
              return null;
            },
            false);
  }

  @Override
  public void close() {
    executor.close();
  }
}
