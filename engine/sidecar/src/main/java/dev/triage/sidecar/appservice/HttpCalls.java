package dev.triage.sidecar.appservice;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;

/**
 * Plain HTTP calls to the bridge and the homeserver: one pooled client, a timeout per call, and an
 * answer read no further than {@link #MAX_ANSWER} bytes (a larger one fails the call: neither peer
 * has reason to send that much back, and reading it whole would let it grow memory at will).
 */
final class HttpCalls implements AutoCloseable {
  /** The largest answer read. */
  static final int MAX_ANSWER = 4 * 1024 * 1024;

  /** An answer: its status, headers and body. */
  record Answer(int status, MultiMap headers, Buffer body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final HttpClient client;

  HttpCalls(Vertx vertx) {
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setIdleTimeout(60),
            new PoolOptions().setHttp1MaxSize(32).setMaxWaitQueueSize(10_000));
  }

  /** Calls {@code url} ({@code pathAndQuery} appended to its path) and reads the answer. */
  Future<Answer> call(
      HttpMethod method,
      URI base,
      String pathAndQuery,
      MultiMap headers,
      Buffer body,
      Duration timeout) {
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    if (basePath.endsWith("/")) {
      basePath = basePath.substring(0, basePath.length() - 1);
    }
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setHost(base.getHost())
            .setPort(
                base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80)
            .setSsl("https".equals(base.getScheme()))
            .setURI(basePath + pathAndQuery)
            .setTimeout(timeout.toMillis());
    if (headers != null) {
      options.setHeaders(headers);
    }
    return client
        .request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(
            response -> {
              String length = response.getHeader("Content-Length");
              if (length != null && parse(length) > MAX_ANSWER) {
                response.request().reset();
                return Future.failedFuture(
                    new IllegalStateException(
                        "an answer of " + length + " bytes; at most " + MAX_ANSWER + " are read"));
              }
              Buffer read = Buffer.buffer();
              io.vertx.core.Promise<Answer> done = io.vertx.core.Promise.promise();
              response.handler(
                  chunk -> {
                    if (read.length() + chunk.length() > MAX_ANSWER) {
                      response.request().reset();
                      done.tryFail(
                          new IllegalStateException(
                              "an answer of more than " + MAX_ANSWER + " bytes"));
                      return;
                    }
                    read.appendBuffer(chunk);
                  });
              response.exceptionHandler(done::tryFail);
              response.endHandler(
                  v ->
                      done.tryComplete(
                          new Answer(response.statusCode(), response.headers(), read)));
              return done.future();
            });
  }

  private static long parse(String length) {
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
