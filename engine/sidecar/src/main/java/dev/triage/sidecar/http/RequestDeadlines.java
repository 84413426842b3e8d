package dev.triage.sidecar.http;

import io.vertx.ext.web.RoutingContext;

/**
 * {@code server.requestTimeout} without a timer per request: the requests one router has in flight
 * are kept in arrival order, which is deadline order since the timeout is the same for all, and one
 * periodic check fails those past it with 503 (answered by {@link FailureHandler}). A timer per
 * request cost a schedule and a cancel on every request; here it is a link and an unlink. A request
 * is failed at most {@link #checkEveryMillis} late.
 *
 * <p>One instance per router, so per event loop; its methods are synchronized all the same, since
 * an answer may be ended from a worker thread.
 */
public final class RequestDeadlines implements RequestHook {
  /** A request in flight, linked in arrival order. */
  private static final class InFlight {
    final RoutingContext ctx;
    final long due;
    InFlight previous;
    InFlight next;
    boolean done;

    InFlight(RoutingContext ctx, long due) {
      this.ctx = ctx;
      this.due = due;
    }
  }

  private final long timeoutNanos;
  private final long checkEveryMillis;
  private InFlight oldest;
  private InFlight newest;
  private boolean checking;

  /** Fails requests that are not answered within {@code timeoutMillis} with 503. */
  public RequestDeadlines(long timeoutMillis) {
    this.timeoutNanos = timeoutMillis * 1_000_000L;
    this.checkEveryMillis = Math.max(1, Math.min(100, timeoutMillis / 10));
  }

  /** How late after its deadline a request may be failed, at most. */
  public long checkEveryMillis() {
    return checkEveryMillis;
  }

  @Override
  public void watch(RoutingContext ctx) {
    InFlight request = new InFlight(ctx, System.nanoTime() + timeoutNanos);
    boolean startChecking;
    synchronized (this) {
      link(request);
      startChecking = !checking;
      checking = true;
    }
    if (startChecking) {
      // On the event loop this router serves; Vert.x cancels it when the listener is undeployed.
      ctx.vertx().setPeriodic(checkEveryMillis, tick -> failOverdue());
    }
    ctx.addEndHandler(ended -> finished(request));
  }

  /** How many requests are in flight: for tests, which hold that none is left behind. */
  synchronized int inFlight() {
    int count = 0;
    for (InFlight request = oldest; request != null; request = request.next) {
      count++;
    }
    return count;
  }

  private synchronized void finished(InFlight request) {
    if (!request.done) {
      unlink(request);
    }
  }

  private void failOverdue() {
    long now = System.nanoTime();
    while (true) {
      InFlight overdue;
      synchronized (this) {
        if (oldest == null || oldest.due - now > 0) {
          return;
        }
        overdue = oldest;
        unlink(overdue);
      }
      if (!overdue.ctx.response().ended() && !overdue.ctx.response().closed()) {
        overdue.ctx.fail(503);
      }
    }
  }

  private void link(InFlight request) {
    request.previous = newest;
    if (newest == null) {
      oldest = request;
    } else {
      newest.next = request;
    }
    newest = request;
  }

  private void unlink(InFlight request) {
    request.done = true;
    if (request.previous == null) {
      oldest = request.next;
    } else {
      request.previous.next = request.next;
    }
    if (request.next == null) {
      newest = request.previous;
    } else {
      request.next.previous = request.previous;
    }
    request.previous = null;
    request.next = null;
  }
}
