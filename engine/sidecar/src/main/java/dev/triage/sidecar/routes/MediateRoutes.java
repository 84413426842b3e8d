package dev.triage.sidecar.routes;

import static dev.triage.sidecar.http.JsonBodies.onlyKnown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.capability.Capabilities;
import dev.triage.json.TriageJson;
import dev.triage.sidecar.gateway.FormatWorkers;
import dev.triage.sidecar.gateway.Gateway;
import dev.triage.sidecar.gateway.OutcomeWriter;
import dev.triage.sidecar.gateway.RequestedCapabilities;
import dev.triage.sidecar.http.ApiException;
import dev.triage.sidecar.http.ErrorCode;
import dev.triage.sidecar.http.JsonBodies;
import dev.triage.sidecar.http.Responses;
import dev.triage.sidecar.http.RouteGroup;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /v1/mediate}: decisions only, for one action or a batch. */
public final class MediateRoutes implements RouteGroup {
  /** The most actions one request may carry. */
  public static final int MAX_BATCH = 1000;

  private final Gateway gateway;

  /** Routes that decide through {@code gateway}. */
  public MediateRoutes(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public void mount(Router router) {
    router.post("/v1/mediate").handler(this::mediate);
  }

  /** One action or a batch, against a document, a chat or a profile. */
  private void mediate(RoutingContext ctx) {
    ObjectNode request = JsonBodies.requiredObject(ctx);
    // Most requests have no query: then none is parsed.
    boolean explain =
        ctx.request().query() != null && "true".equals(ctx.request().getParam("explain"));
    onlyKnown(request, "capabilities", "chatID", "profile", "action", "actions");
    Capabilities caps = RequestedCapabilities.of(gateway, request);
    String chatID = RequestedCapabilities.chatID(request);
    JsonNode single = request.get("action");
    JsonNode batch = request.get("actions");
    if ((single == null) == (batch == null)) {
      throw new ApiException(
          ErrorCode.INVALID_REQUEST, "give either action or actions (a list)", null);
    }
    if (single != null) {
      Action action = TriageJson.readAction(single, "action");
      Responses.answerWritten(
          ctx,
          gateway.work(
              FormatWorkers.isHeavy(action),
              () -> {
                Gateway.Decided decided = gateway.decide(action, caps, chatID, explain);
                return TriageJson.bytes(json -> OutcomeWriter.writeDecided(decided, json));
              }));
      return;
    }
    if (!batch.isArray()) {
      throw ApiException.field(
          ErrorCode.INVALID_REQUEST, "actions", "actions: must be a list of actions");
    }
    if (batch.size() > MAX_BATCH) {
      throw ApiException.field(
          ErrorCode.INVALID_REQUEST,
          "actions",
          "actions: at most " + MAX_BATCH + " actions per request, got " + batch.size());
    }
    List<Action> actions = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      actions.add(TriageJson.readAction(batch.get(i), "actions[" + i + "]"));
    }
    Responses.answerWritten(
        ctx,
        gateway.work(
            FormatWorkers.anyHeavy(actions),
            () -> {
              List<Gateway.Decided> decided = gateway.decideAll(actions, caps, chatID, explain);
              // Streamed: a batch's answer is the largest the sidecar writes, and a tree of it
              // cost more than deciding it.
              return TriageJson.bytes(
                  json -> {
                    json.writeStartObject();
                    json.writeArrayFieldStart("verdicts");
                    for (Gateway.Decided one : decided) {
                      OutcomeWriter.writeDecided(one, json);
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                  });
            }));
  }
}
