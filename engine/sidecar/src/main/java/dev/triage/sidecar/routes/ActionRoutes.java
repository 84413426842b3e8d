package dev.triage.sidecar.routes;

import static dev.triage.sidecar.http.JsonBodies.onlyKnown;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.json.TriageJson;
import dev.triage.sidecar.gateway.Gateway;
import dev.triage.sidecar.gateway.OutcomeWriter;
import dev.triage.sidecar.http.ApiException;
import dev.triage.sidecar.http.ErrorCode;
import dev.triage.sidecar.http.JsonBodies;
import dev.triage.sidecar.http.Responses;
import dev.triage.sidecar.http.RouteGroup;
import dev.triage.store.ChatCapabilities;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /v1/actions}: mediate, then deliver through the chat's network adapter. */
public final class ActionRoutes implements RouteGroup {
  private final Gateway gateway;

  /** Routes that deliver through {@code gateway}. */
  public ActionRoutes(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public void mount(Router router) {
    router.post("/v1/actions").handler(this::actions);
  }

  private void actions(RoutingContext ctx) {
    ObjectNode request = JsonBodies.requiredObject(ctx);
    onlyKnown(request, "chatID", "action");
    if (!request.hasNonNull("chatID") || !request.get("chatID").isTextual()) {
      throw ApiException.field(
          ErrorCode.INVALID_FIELD, "chatID", "chatID: is required (the chat to deliver to)");
    }
    if (!request.hasNonNull("action")) {
      throw ApiException.field(ErrorCode.INVALID_FIELD, "action", "action: is required");
    }
    String chatID = request.get("chatID").textValue();
    Action action = TriageJson.readAction(request.get("action"), "action");
    ChatCapabilities entry = gateway.lookup(chatID);
    Responses.answer(
        ctx,
        Future.fromCompletionStage(gateway.deliver(chatID, entry, action))
            .map(OutcomeWriter::delivered));
  }
}
