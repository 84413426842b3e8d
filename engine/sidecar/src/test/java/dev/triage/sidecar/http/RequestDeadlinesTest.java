package dev.triage.sidecar.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request timeout kept without a timer per request, on a real Vert.x server on port 0. */
final class RequestDeadlinesTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private final RequestDeadlines deadlines = new RequestDeadlines(300);
  private Vertx vertx;
  private int port;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(new RequestStart(List.of(deadlines)));
    router.get("/fast").handler(ctx -> ctx.response().end("ok"));
    router.get("/slow").handler(ctx -> {}); // never answers
    router.route().failureHandler(ctx -> ctx.response().setStatusCode(ctx.statusCode()).end());
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private CompletableFuture<HttpResponse<String>> get(String path) {
    return CLIENT.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answeredRequestsLeaveNothingBehind() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      answers.add(get("/fast"));
    }
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      assertThat(answer.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    assertThat(deadlines.inFlight()).isZero();
  }

  @Test
  void aRequestPastItsDeadlineIsAnswered503AndTheOthersAreNot() throws Exception {
    CompletableFuture<HttpResponse<String>> slow = get("/slow");
    List<CompletableFuture<HttpResponse<String>>> fast = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      fast.add(get("/fast"));
    }

    for (CompletableFuture<HttpResponse<String>> answer : fast) {
      assertThat(answer.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(slow.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
    assertThat(deadlines.inFlight()).isZero();
  }
}
