package dev.triage.adapter.jsonl;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.adapter.DeliveryResult;
import dev.triage.adapter.NetworkAdapter;
import dev.triage.json.TriageJson;
import dev.triage.verdict.Reasons;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends each delivered action to a file, one JSON object a line: {@code {"time", "network",
 * "chatID", "key", "action"}}, the action in the wire format. Writes happen on a thread of the
 * adapter's own, in order, never on the caller's (an event loop in the sidecar); each line is
 * flushed before the delivery succeeds. Useful as a dry run in front of a real network, or as an
 * audit trail.
 */
public final class JsonLinesAdapter implements NetworkAdapter {
  private final String network;
  private final Path file;
  private final ExecutorService writer;
  private final AtomicLong count = new AtomicLong();

  /** An adapter appending to {@code file} (created if missing). */
  public JsonLinesAdapter(String network, Path file) {
    this.network = network;
    this.file = file;
    this.writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "triage-jsonl-" + network);
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public CompletionStage<DeliveryResult> deliver(String chatID, Action action, String key) {
    ObjectNode line = JsonNodeFactory.instance.objectNode();
    line.put("time", Instant.now().toString());
    line.put("network", network);
    line.put("chatID", chatID);
    line.put("key", key);
    line.set("action", TriageJson.writeAction(action));
    String text = TriageJson.toJson(line) + "\n";
    return CompletableFuture.supplyAsync(() -> append(text), writer);
  }

  private DeliveryResult append(String line) {
    try (Writer out =
        Files.newBufferedWriter(
            file,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.WRITE)) {
      out.write(line);
    } catch (IOException e) {
      return DeliveryResult.retriable(
          Reasons.FOREIGN_NETWORK_ERROR, "could not append to " + file + ": " + e.getMessage());
    }
    return DeliveryResult.delivered("jsonl-" + count.incrementAndGet());
  }

  @Override
  public void close() {
    writer.shutdown();
  }
}
