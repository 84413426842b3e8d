package dev.triage.sidecar.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection that has not sent a whole request line and headers within {@code
 * server.headerTimeout} of connecting. The idle timeout alone does not do it: a client that sends a
 * byte now and then is never idle, and a thousand such connections exhaust the file descriptors.
 * After the first request the idle timeout takes over.
 */
public final class HeaderTimeout {
  private final Vertx vertx;
  private final long millis;
  private final Map<HttpConnection, Long> waiting = new ConcurrentHashMap<>();

  /** Closes connections that take longer than {@code millis} to send their first headers. */
  public HeaderTimeout(Vertx vertx, long millis) {
    this.vertx = vertx;
    this.millis = millis;
  }

  /** The server's connection handler: starts the clock. */
  public Handler<HttpConnection> onConnection() {
    return connection -> {
      long timer =
          vertx.setTimer(
              millis,
              fired -> {
                if (waiting.remove(connection) != null) {
                  connection.close();
                }
              });
      waiting.put(connection, timer);
      connection.closeHandler(
          closed -> {
            Long pending = waiting.remove(connection);
            if (pending != null) {
              vertx.cancelTimer(pending);
            }
          });
    };
  }

  /** Wraps the request handler: a request whose headers arrived stops its connection's clock. */
  public Handler<HttpServerRequest> wrap(Handler<HttpServerRequest> requests) {
    return request -> {
      Long pending = waiting.remove(request.connection());
      if (pending != null) {
        vertx.cancelTimer(pending);
      }
      requests.handle(request);
    };
  }
}
