package dev.triage.testkit;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP server on loopback that can go away and come back on the same port, for tests of what an
 * adapter does when its target has an outage. Runs on a Vert.x of its own.
 */
public final class BouncingServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Handler<HttpServerRequest> handler;
  private final AtomicLong outages = new AtomicLong();
  private final int port;
  private volatile HttpServer server;

  /** Starts the server on a free port with {@code handler} answering every request. */
  public BouncingServer(Handler<HttpServerRequest> handler) throws Exception {
    this.handler = handler;
    this.server = listen(0);
    this.port = server.actualPort();
  }

  private HttpServer listen(int port) throws Exception {
    return vertx
        .createHttpServer()
        .requestHandler(handler)
        .listen(port, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  /** The server's Vert.x, for timers in the handler. */
  public Vertx vertx() {
    return vertx;
  }

  /** The port, the same across outages. */
  public int port() {
    return port;
  }

  /** How many outages there were. */
  public long outages() {
    return outages.get();
  }

  /** Closes the server (and its connections), waits {@code downFor}, and listens again. */
  public void bounce(Duration downFor) throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Thread.sleep(downFor.toMillis());
    server = listen(port);
    outages.incrementAndGet();
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
