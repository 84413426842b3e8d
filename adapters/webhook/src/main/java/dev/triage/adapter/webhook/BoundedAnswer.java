package dev.triage.adapter.webhook;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP answer read no further than a bound. A network that answers more (a misbehaving server, a
 * proxy's error page, an attack) is not read whole into memory: once its body passes the bound, or
 * its Content-Length says it will, what is left is not read and the connection is reset, so it is
 * not reused with unread bytes in it.
 *
 * @param status the status code
 * @param headers the response headers
 * @param body the body, or as much of it as the bound allows (empty when Content-Length was over
 *     it)
 * @param cut whether the body was larger than the bound: then it is not the whole answer and must
 *     not be read as one
 */
record BoundedAnswer(int status, MultiMap headers, Buffer body, boolean cut) {
  /** What is read of an answer at most: 64 KiB, far more than any answer an adapter needs. */
  static final int LIMIT = 64 * 1024;

  /** Reads {@code response}'s body up to {@code limit} bytes. */
  static Future<BoundedAnswer> read(HttpClientResponse response, int limit) {
    Promise<BoundedAnswer> answer = Promise.promise();
    String length = response.getHeader("Content-Length");
    if (length != null && declaredOver(length, limit)) {
      answer.complete(
          new BoundedAnswer(response.statusCode(), response.headers(), Buffer.buffer(), true));
      response.request().reset();
      return answer.future();
    }
    Buffer body = Buffer.buffer();
    response.exceptionHandler(answer::tryFail);
    response.handler(
        chunk -> {
          if (answer.future().isComplete()) {
            return; // cut: the reset is on its way
          }
          int room = limit - body.length();
          if (chunk.length() <= room) {
            body.appendBuffer(chunk);
            return;
          }
          body.appendBuffer(chunk, 0, room);
          answer.complete(new BoundedAnswer(response.statusCode(), response.headers(), body, true));
          response.request().reset();
        });
    response.endHandler(
        end ->
            answer.tryComplete(
                new BoundedAnswer(response.statusCode(), response.headers(), body, false)));
    return answer.future();
  }

  private static boolean declaredOver(String contentLength, int limit) {
    try {
      return Long.parseLong(contentLength.trim()) > limit;
    } catch (NumberFormatException notANumber) {
      return false; // the body itself is bounded as it comes
    }
  }

  /** The body as text, when it is the whole answer. */
  String text() {
    return body.toString(StandardCharsets.UTF_8);
  }
}
