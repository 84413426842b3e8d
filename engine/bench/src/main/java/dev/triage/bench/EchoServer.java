package dev.triage.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The HTTP floor for load runs: a bare Vert.x server that answers every POST with a JSON body of
 * the size it is told, so the sidecar's throughput is a ratio to this in the same run. Started by
 * {@code engine/bench/load.sh}: {@code java -cp benchmarks.jar dev.triage.bench.EchoServer PORT
 * BYTES}.
 */
public final class EchoServer {
  private EchoServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int bytes = Integer.parseInt(args[1]);
    StringBuilder json = new StringBuilder("{\"echo\":\"");
    while (json.length() < bytes - 2) {
      json.append('x');
    }
    Buffer body = Buffer.buffer(json.append("\"}").toString());
    Vertx vertx = Vertx.vertx();
    vertx
        .createHttpServer()
        .requestHandler(
            request ->
                request
                    .body()
                    .onComplete(
                        read ->
                            request
                                .response()
                                .putHeader("Content-Type", "application/json")
                                .end(body)))
        .listen(port, "127.0.0.1")
        .onSuccess(
            server -> System.out.println("echo listening on 127.0.0.1:" + server.actualPort()))
        .onFailure(
            failure -> {
              failure.printStackTrace();
              System.exit(1);
            });
  }
}
