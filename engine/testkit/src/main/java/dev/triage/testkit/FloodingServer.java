package dev.triage.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP server on loopback that answers every request with a huge body, for tests that an adapter
 * does not read an answer whole. The body is one valid JSON object, {@code {"<field>": "<value>",
 * "padding": ["xxx…", "xxx…", …, ""]}}, each string shorter than a JSON reader's limit, so a client
 * that read it all would find the field in it. It is written in 256 KiB pieces a few milliseconds
 * apart, chunked or with its Content-Length, and the server notes how much of it went out before
 * the client reset the connection.
 */
public final class FloodingServer implements AutoCloseable {
  private static final int PIECE = 256 * 1024;

  private final HttpServer server;
  private final int status;
  private final long size;
  private final boolean chunked;
  private final byte[] head;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong cutOff = new AtomicLong();
  private final AtomicLong answers = new AtomicLong();
  private final CountDownLatch done = new CountDownLatch(1);

  /**
   * Starts the server on a free port.
   *
   * @param status the status of every answer
   * @param size the body's length in bytes
   * @param chunked whether the body is sent chunked rather than with its Content-Length
   * @param field the field the body starts with, e.g. {@code messageID}
   * @param value its value
   */
  public FloodingServer(int status, long size, boolean chunked, String field, String value)
      throws IOException {
    this.status = status;
    this.size = size;
    this.chunked = chunked;
    this.head =
        ("{\"" + field + "\":\"" + value + "\",\"padding\":[").getBytes(StandardCharsets.UTF_8);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The server's base URL. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    answers.incrementAndGet();
    byte[] tail = "\"\"]}".getBytes(StandardCharsets.US_ASCII);
    byte[] piece = new byte[PIECE]; // "xxx…x",
    Arrays.fill(piece, (byte) 'x');
    piece[0] = '"';
    piece[PIECE - 2] = '"';
    piece[PIECE - 1] = ',';
    byte[] spaces = "   ".getBytes(StandardCharsets.US_ASCII);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    try (OutputStream out = exchange.getResponseBody()) {
      exchange.sendResponseHeaders(status, chunked ? 0 : size);
      out.write(head);
      written.addAndGet(head.length);
      long padding = size - head.length - tail.length;
      while (padding > 0) {
        int n = (int) Math.min(piece.length, padding);
        if (n == piece.length) {
          out.write(piece);
        } else if (n >= 3) {
          out.write('"');
          out.write(piece, 1, n - 3);
          out.write(piece, PIECE - 2, 2);
        } else {
          out.write(spaces, 0, n);
        }
        out.flush();
        written.addAndGet(n);
        padding -= n;
        Thread.sleep(5);
      }
      out.write(tail);
      written.addAndGet(tail.length);
    } catch (IOException reset) {
      cutOff.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
      done.countDown();
    }
  }

  /** Waits until the latest answer was written whole or cut off; whether it finished in time. */
  public boolean awaitAnswered(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** How many bytes of bodies went out, over all answers. */
  public long written() {
    return written.get();
  }

  /** How many answers the client cut off by closing or resetting the connection. */
  public long cutOff() {
    return cutOff.get();
  }

  /** How many requests were answered (or begun to be). */
  public long answers() {
    return answers.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
