package dev.triage.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The HTTP floor for load runs: a bare Vert.x server that answers every POST with a JSON body of
 * the size it is told, so the sidecar's throughput is a ratio to this in the same run. Started by
 * {@code engine/bench/load.sh}: {@code java -cp benchmarks.jar dev.triage.bench.EchoServer PORT
 * BYTES [STATUS]}. With a status (404, say) it stands in for a homeserver that has no state to give
 * ({@code engine/bench/proxy-load.sh}).
 */
public final class EchoServer {
  private EchoServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int bytes = Integer.parseInt(args[1]);
    int status = args.length > 2 ? Integer.parseInt(args[2]) : 200;
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
                                .setStatusCode(status)
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
