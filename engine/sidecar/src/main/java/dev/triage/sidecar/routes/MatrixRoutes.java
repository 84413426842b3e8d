package dev.triage.sidecar.routes;

import static dev.triage.sidecar.http.JsonBodies.onlyKnown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.capability.Capabilities;
import dev.triage.json.InvalidInputException;
import dev.triage.matrix.MatrixRead;
import dev.triage.matrix.MatrixReader;
import dev.triage.matrix.RelatedEvents;
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

/**
 * {@code POST /v1/matrix/mediate}: Matrix events in, Matrix events out. A bridge (or a proxy in
 * front of one) sends the event as the homeserver gave it, and gets back the events to send, the
 * message send status and the error notice, decided against the named capabilities.
 */
public final class MatrixRoutes implements RouteGroup {
  /** The most events one request may carry. */
  public static final int MAX_BATCH = 1000;

  private final Gateway gateway;

  /** Routes that decide through {@code gateway}. */
  public MatrixRoutes(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public void mount(Router router) {
    router.post("/v1/matrix/mediate").handler(this::mediate);
  }

  /** One event, or a batch in order, with the related events the caller knows. */
  private void mediate(RoutingContext ctx) {
    ObjectNode request = JsonBodies.requiredObject(ctx);
    onlyKnown(request, "capabilities", "chatID", "profile", "event", "events", "related");
    Capabilities caps = RequestedCapabilities.of(gateway, request);
    String chatID = RequestedCapabilities.chatID(request);
    RelatedEvents related;
    try {
      related = RelatedEvents.read(request.get("related"));
    } catch (InvalidInputException e) {
      throw JsonBodies.invalid(e, "");
    }
    JsonNode single = request.get("event");
    JsonNode batch = request.get("events");
    if ((single == null) == (batch == null)) {
      throw new ApiException(
          ErrorCode.INVALID_REQUEST, "give either event or events (a list)", null);
    }
    if (single != null) {
      MatrixRead read = read(single, "event", related);
      switch (read.kind()) {
        case UNREADABLE:
          gateway.undecidedMatrix(read);
          throw ApiException.field(
              ErrorCode.EVENT_UNREADABLE,
              "event",
              "event (" + read.eventType() + "): " + read.reason());
        case NOT_MEDIATED:
          gateway.undecidedMatrix(read);
          Responses.json(ctx, 200, OutcomeWriter.matrixNotMediated(read));
          return;
        default:
          Responses.answer(
              ctx,
              gateway.work(
                  FormatWorkers.anyHeavy(read.actions()),
                  () -> OutcomeWriter.matrix(gateway.decideMatrix(read, caps, chatID))));
          return;
      }
    }
    if (!batch.isArray()) {
      throw ApiException.field(
          ErrorCode.INVALID_REQUEST, "events", "events: must be a list of Matrix events");
    }
    if (batch.size() > MAX_BATCH) {
      throw ApiException.field(
          ErrorCode.INVALID_REQUEST,
          "events",
          "events: at most " + MAX_BATCH + " events per request, got " + batch.size());
    }
    List<MatrixRead> reads = new ArrayList<>(batch.size());
    boolean heavy = false;
    for (int i = 0; i < batch.size(); i++) {
      MatrixRead read = read(batch.get(i), "events[" + i + "]", related);
      reads.add(read);
      heavy |= FormatWorkers.anyHeavy(read.actions());
    }
    Responses.answer(
        ctx,
        gateway.work(
            heavy,
            () -> {
              ObjectNode out = Responses.object();
              ArrayNode answers = out.putArray("answers");
              for (int i = 0; i < reads.size(); i++) {
                MatrixRead read = reads.get(i);
                switch (read.kind()) {
                  case UNREADABLE:
                    gateway.undecidedMatrix(read);
                    // One unreadable event (an encrypted one) must not refuse its whole batch.
                    ObjectNode error = answers.addObject().putObject("error");
                    error.put("code", ErrorCode.EVENT_UNREADABLE.code());
                    error.put("message", read.eventType() + ": " + read.reason());
                    error.set("details", Responses.field("events[" + i + "]"));
                    break;
                  case NOT_MEDIATED:
                    gateway.undecidedMatrix(read);
                    answers.add(OutcomeWriter.matrixNotMediated(read));
                    break;
                  default:
                    answers.add(OutcomeWriter.matrix(gateway.decideMatrix(read, caps, chatID)));
                }
              }
              return out;
            }));
  }

  /** Reads one event; a malformed one is a 400 naming its path in the request. */
  private static MatrixRead read(JsonNode event, String path, RelatedEvents related) {
    try {
      return MatrixReader.read(event, related);
    } catch (InvalidInputException e) {
      // A related event at fault is named from the request's top level.
      throw JsonBodies.invalid(e, e.path().startsWith("related") ? "" : path);
    }
  }
}
