package dev.triage.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.json.TriageJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Real Matrix events: those a Synapse 1.163.2 homeserver served to a matrix-nio client and sent an
 * appservice ({@code matrix/events}, {@code matrix/transactions}), and the transactions a Synapse
 * 1.67 homeserver sent ({@code matrix/synapse-1.67-transactions.jsonl}).
 */
final class MatrixFixtures {
  static final String[] TRANSACTION_LOGS = {
    "matrix/synapse-1.67-transactions.jsonl",
    "matrix/transactions/synapse-1.163.2-transactions.jsonl"
  };

  private MatrixFixtures() {}

  /** One recorded event, by file name without {@code .json}. */
  static ObjectNode event(String name) {
    return (ObjectNode) TriageJson.parse(resource("matrix/events/" + name + ".json"));
  }

  /** Every event and ephemeral event of every recorded transaction, in order. */
  static List<ObjectNode> transactionEvents() {
    List<ObjectNode> events = new ArrayList<>();
    for (String log : TRANSACTION_LOGS) {
      for (String line : resource(log).split("\n")) {
        if (!line.isBlank()) {
          events.addAll(eventsOf(TriageJson.parse(line)));
        }
      }
    }
    for (String single :
        new String[] {
          "matrix/transactions/synapse-1.163.2-transaction.json",
          "matrix/transactions/synapse-1.163.2-invite-transaction.json",
          "matrix/transactions/synapse-1.163.2-ephemeral-transaction.json"
        }) {
      events.addAll(eventsOf(TriageJson.parse(resource(single))));
    }
    return events;
  }

  private static List<ObjectNode> eventsOf(JsonNode transaction) {
    JsonNode body = transaction.get("body");
    List<ObjectNode> events = new ArrayList<>();
    for (String key : new String[] {"events", "ephemeral", "de.sorunome.msc2409.ephemeral"}) {
      body.path(key).forEach(event -> events.add((ObjectNode) event));
    }
    return events;
  }

  static String resource(String name) {
    try (InputStream in = MatrixFixtures.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
