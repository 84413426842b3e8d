package dev.triage.sidecar.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Spelling;
import dev.triage.config.ShippedProfiles;
import dev.triage.config.TriageConfig;
import dev.triage.json.CapabilityDelta;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import dev.triage.sidecar.gateway.Gateway;
import dev.triage.sidecar.http.ApiException;
import dev.triage.sidecar.http.ErrorCode;
import dev.triage.sidecar.http.JsonBodies;
import dev.triage.sidecar.http.Responses;
import dev.triage.sidecar.http.RouteGroup;
import dev.triage.store.CapabilityStore;
import dev.triage.store.ChatCapabilities;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chat's capabilities ({@code GET|PUT|DELETE /v1/chats/{chatID}/capabilities}) and the shipped
 * profiles ({@code GET /v1/profiles}, {@code GET /v1/profiles/{name}}).
 */
public final class CapabilityRoutes implements RouteGroup {
  private final Gateway gateway;

  /** Routes over the gateway's store. */
  public CapabilityRoutes(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public void mount(Router router) {
    router.get("/v1/chats/:chatID/capabilities").handler(this::getCapabilities);
    router.put("/v1/chats/:chatID/capabilities").handler(this::putCapabilities);
    router.delete("/v1/chats/:chatID/capabilities").handler(this::deleteCapabilities);
    router.get("/v1/profiles").handler(this::profiles);
    router.get("/v1/profiles/:name").handler(this::profile);
  }

  private void getCapabilities(RoutingContext ctx) {
    String chatID = ctx.pathParam("chatID");
    Responses.json(ctx, 200, chatDocument(chatID, gateway.lookup(chatID), spelling(ctx)));
  }

  /**
   * {@code PUT}: a whole document (either spelling); with {@code ?network=}, the chat is put on
   * that network and a body, if any, is a delta over its profile; with {@code ?profile=}, the chat
   * gets that shipped profile — on the network configured with exactly it when there is one (so it
   * is delivered there), else as a document of its own on the default network — and a body is a
   * delta over it.
   */
  private void putCapabilities(RoutingContext ctx) {
    String chatID = ctx.pathParam("chatID");
    String network = ctx.request().getParam("network");
    String profile = ctx.request().getParam("profile");
    if (network != null && profile != null) {
      throw ApiException.field(
          ErrorCode.INVALID_PARAMETER, "profile", "give ?network= or ?profile=, not both");
    }
    CapabilityStore store = gateway.store();
    boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
    ChatCapabilities before = store.listed(chatID).orElse(null);
    ChatCapabilities entry;
    try {
      CapabilityDelta delta = hasBody ? CapabilityDelta.of(JsonBodies.required(ctx)) : null;
      if (profile != null) {
        Capabilities shipped =
            ShippedProfiles.get(profile)
                .orElseThrow(
                    () ->
                        ApiException.field(
                            ErrorCode.UNKNOWN_PROFILE,
                            "profile",
                            "no shipped profile named "
                                + profile
                                + " (GET /v1/profiles lists them)"));
        network = networkWithProfile(profile, shipped);
      }
      if (profile != null && network == null) {
        entry =
            store.set(chatID, delta == null ? shipped(profile) : delta.applyTo(shipped(profile)));
      } else if (network != null) {
        if (!store.networks().contains(network)) {
          throw ApiException.field(
              ErrorCode.UNKNOWN_NETWORK,
              "network",
              "no network named " + network + "; known: " + String.join(", ", store.networks()));
        }
        entry = store.assign(chatID, network, delta);
      } else {
        entry = store.set(chatID, TriageJson.readCapabilities(JsonBodies.required(ctx)));
      }
    } catch (InvalidInputException e) {
      throw JsonBodies.invalid(e, "");
    }
    Spelling spelling = spelling(ctx);
    // With several instances the change is answered once it is shared with the others.
    gateway
        .writeThrough(chatID, before, entry)
        .onSuccess(ok -> Responses.json(ctx, 200, chatDocument(chatID, entry, spelling)))
        .onFailure(failure -> Responses.fail(ctx, failure));
  }

  private static Capabilities shipped(String profile) {
    return ShippedProfiles.get(profile).orElseThrow();
  }

  /**
   * The network a shipped profile is configured on: the one named after it and using it (as in the
   * embedded defaults), else the only one using it; {@code null} when none or several do.
   */
  private String networkWithProfile(String profile, Capabilities shipped) {
    Map<String, TriageConfig.Network> networks = gateway.config().networks();
    TriageConfig.Network named = networks.get(profile);
    if (named != null && shipped.equals(named.capabilities())) {
      return profile;
    }
    List<String> using = new ArrayList<>();
    networks.forEach(
        (name, net) -> {
          if (shipped.equals(net.capabilities())) {
            using.add(name);
          }
        });
    return using.size() == 1 ? using.get(0) : null;
  }

  private void deleteCapabilities(RoutingContext ctx) {
    String chatID = ctx.pathParam("chatID");
    CapabilityStore store = gateway.store();
    ChatCapabilities before = store.listed(chatID).orElse(null);
    if (before == null || !store.remove(chatID)) {
      throw ApiException.notFound("chat " + chatID + " has no capabilities of its own");
    }
    gateway
        .writeThrough(chatID, before, null)
        .onSuccess(ok -> ctx.response().setStatusCode(204).end())
        .onFailure(failure -> Responses.fail(ctx, failure));
  }

  private static ObjectNode chatDocument(String chatID, ChatCapabilities entry, Spelling spelling) {
    ObjectNode out = Responses.object().put("chatID", chatID).put("source", entry.source());
    if (entry.network() != null) {
      out.put("network", entry.network());
    }
    if (entry.delta() != null) {
      out.set("delta", entry.delta().patch());
    }
    out.set("capabilities", TriageJson.writeCapabilities(entry.capabilities(), spelling));
    return out;
  }

  private void profiles(RoutingContext ctx) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    ShippedProfiles.all()
        .forEach(
            (name, caps) -> {
              ObjectNode profile = out.addObject().put("name", name);
              if (caps.id() != null) {
                profile.put("id", caps.id());
              }
              profile.put("summary", ShippedProfiles.summary(caps));
            });
    Responses.json(ctx, 200, Responses.object().set("profiles", out));
  }

  private void profile(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Capabilities caps =
        ShippedProfiles.get(name)
            .orElseThrow(() -> ApiException.notFound("no shipped profile named " + name));
    Responses.json(ctx, 200, TriageJson.writeCapabilities(caps, spelling(ctx)));
  }

  /** {@code ?spelling=room_features} (the default) or {@code desktop}. */
  static Spelling spelling(RoutingContext ctx) {
    String spelling = ctx.request().getParam("spelling", "room_features");
    switch (spelling) {
      case "room_features":
        return Spelling.ROOM_FEATURES;
      case "desktop":
        return Spelling.DESKTOP_API;
      default:
        throw ApiException.field(
            ErrorCode.INVALID_PARAMETER,
            "spelling",
            "spelling: must be room_features or desktop, got " + spelling);
    }
  }
}
