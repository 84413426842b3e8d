package dev.triage.sidecar.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.capability.Capabilities;
import dev.triage.config.ShippedProfiles;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import dev.triage.sidecar.http.ApiException;
import dev.triage.sidecar.http.ErrorCode;
import dev.triage.sidecar.http.JsonBodies;

/**
 * The capabilities a decide-only request names: exactly one of {@code capabilities} (a document in
 * either spelling), {@code chatID} (a chat the store knows, or the default network) or {@code
 * profile} (a shipped profile). Shared by every route that decides without delivering.
 */
public final class RequestedCapabilities {
  private RequestedCapabilities() {}

  /**
   * The capabilities {@code request} names.
   *
   * @throws ApiException 400 when none or several are named, or the document or profile is bad; 404
   *     for an unknown chat without a default network
   */
  public static Capabilities of(Gateway gateway, ObjectNode request) {
    int sources =
        (request.hasNonNull("capabilities") ? 1 : 0)
            + (request.hasNonNull("chatID") ? 1 : 0)
            + (request.hasNonNull("profile") ? 1 : 0);
    if (sources != 1) {
      throw new ApiException(
          ErrorCode.INVALID_REQUEST,
          "give exactly one of capabilities (a document), chatID (a chat the store knows) or profile (a shipped profile)",
          null);
    }
    if (request.hasNonNull("capabilities")) {
      try {
        return TriageJson.readCapabilities(request.get("capabilities"));
      } catch (InvalidInputException e) {
        throw JsonBodies.invalid(e, "capabilities");
      }
    }
    if (request.hasNonNull("profile")) {
      String name = request.get("profile").asText();
      return ShippedProfiles.get(name)
          .orElseThrow(
              () ->
                  ApiException.field(
                      ErrorCode.UNKNOWN_PROFILE,
                      "profile",
                      "profile: no shipped profile named "
                          + name
                          + " (GET /v1/profiles lists them)"));
    }
    return gateway.lookup(request.get("chatID").asText()).capabilities();
  }

  /** The request's {@code chatID}, or {@code null}. */
  public static String chatID(ObjectNode request) {
    return request.hasNonNull("chatID") ? request.get("chatID").asText() : null;
  }
}
