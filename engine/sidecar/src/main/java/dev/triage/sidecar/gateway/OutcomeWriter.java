package dev.triage.sidecar.gateway;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.adapter.DeliveryResult;
import dev.triage.delivery.DeliveryOutcome;
import dev.triage.json.TriageJson;
import dev.triage.matrix.MatrixRead;
import dev.triage.verdict.SendStatus;
import java.io.IOException;

/**
 * Decisions and deliveries as the sidecar answers them: the library's verdict JSON (exactly what
 * {@code check} prints) after a {@code decisionID}, and for a delivery its {@code deliveries} and
 * {@code sendStatus}. The one writer every route uses.
 */
public final class OutcomeWriter {
  private OutcomeWriter() {}

  /** {@code {decisionID, decision, actions, notes, status?, explanation?}}. */
  public static ObjectNode decided(Gateway.Decided decided) {
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("decisionID", decided.decisionID());
    out.setAll(TriageJson.writeVerdict(decided.verdict()));
    return out;
  }

  /** The same as {@link #decided}, streamed to {@code out}: for answers written without a tree. */
  public static void writeDecided(Gateway.Decided decided, JsonGenerator out) throws IOException {
    out.writeStartObject();
    out.writeStringField("decisionID", decided.decisionID());
    TriageJson.writeVerdictFields(decided.verdict(), out);
    out.writeEndObject();
  }

  /**
   * A Matrix event decided: {@code {decisionID, decision, events, notes, status?, notice?}},
   * exactly what {@code check --matrix} prints but for the id.
   */
  public static ObjectNode matrix(Gateway.MatrixDecided decided) {
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("decisionID", decided.decisionID());
    out.setAll(decided.answer().toJson());
    return out;
  }

  /** A Matrix event that is no action: {@code {mediated: false, reason}}; pass it on untouched. */
  public static ObjectNode matrixNotMediated(MatrixRead read) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("mediated", false)
        .put("reason", read.reason());
  }

  /** The verdict, then {@code deliveries} (one per action, in order) and {@code sendStatus}. */
  public static ObjectNode delivered(Gateway.Delivered delivered) {
    DeliveryOutcome outcome = delivered.outcome();
    ObjectNode out = decided(new Gateway.Decided(delivered.decisionID(), outcome.verdict()));
    ArrayNode deliveries = out.putArray("deliveries");
    for (DeliveryResult result : outcome.deliveries()) {
      ObjectNode d = deliveries.addObject().put("status", result.status().name());
      if (result.messageID() != null) {
        d.put("messageID", result.messageID());
      }
      if (result.reason() != null) {
        d.put("reason", result.reason()).put("message", result.message());
      }
    }
    out.set("sendStatus", sendStatus(outcome.sendStatus()));
    return out;
  }

  /** {@code {status, reason?, message}}. */
  public static ObjectNode sendStatus(SendStatus status) {
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("status", status.status().name());
    if (status.reason() != null) {
      out.put("reason", status.reason());
    }
    out.put("message", status.message());
    return out;
  }
}
