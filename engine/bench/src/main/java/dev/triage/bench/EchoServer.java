package dev.triage.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;

/**
 * The floors for load runs, so the sidecar's throughput is a ratio to them in the same run: a bare
 * Vert.x server that answers every request with a JSON body of the size it is told. Started by
 * {@code engine/bench/load.sh}: {@code java -cp benchmarks.jar dev.triage.bench.EchoServer PORT
 * BYTES [STATUS] [json]}.
 *
 * <ul>
 *   <li>Without {@code json}: the HTTP floor, the same bytes each time, the body not read.
 *   <li>With {@code json}: the HTTP and JSON floor: the request body is parsed into a Jackson tree,
 *       and the answer is a new tree holding it, padded to the size, written with Jackson: what a
 *       service that reads and writes JSON pays at least.
 * </ul>
 *
 * With a status other than 200 (404, say) it stands in for a homeserver that has no state to give
 * ({@code engine/bench/proxy-load.sh}).
 */
public final class EchoServer {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EchoServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int bytes = Integer.parseInt(args[1]);
    int status = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    boolean json = args.length > 3 && args[3].equals("json");
    // {"echo":"xxx…"}: 11 bytes of frame around the string.
    String filler = "x".repeat(Math.max(0, bytes - 11));
    Buffer fixed = Buffer.buffer("{\"echo\":\"" + filler + "\"}");
    Vertx vertx = Vertx.vertx();
    vertx
        .createHttpServer()
        .requestHandler(
            request ->
                request
                    .body()
                    .onComplete(
                        read ->
                            answer(
                                request, status, json ? jsonAnswer(read.result(), bytes) : fixed)))
        .listen(port, "127.0.0.1")
        .onSuccess(
            server ->
                System.out.println(
                    (json ? "json echo" : "echo")
                        + " listening on 127.0.0.1:"
                        + server.actualPort()))
        .onFailure(
            failure -> {
              failure.printStackTrace();
              System.exit(1);
            });
  }

  private static void answer(HttpServerRequest request, int status, Buffer body) {
    request
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body);
  }

  /** {@code {"echo": the parsed request, "pad": "xxx…"}}, about {@code bytes} long. */
  private static Buffer jsonAnswer(Buffer request, int bytes) {
    try {
      JsonNode parsed = MAPPER.readTree(request.getBytes());
      if (parsed == null) {
        throw new IOException("no body");
      }
      // {"echo":…,"pad":""}: 19 bytes of frame around the request and the padding.
      ObjectNode out = MAPPER.createObjectNode();
      out.set("echo", parsed);
      out.put("pad", "x".repeat(Math.max(0, bytes - request.length() - 19)));
      return Buffer.buffer(MAPPER.writeValueAsBytes(out));
    } catch (IOException e) {
      return Buffer.buffer("{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
    }
  }
}
