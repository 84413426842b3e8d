package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.triage.capability.Capabilities;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code matrix} section: the appservice proxy and the bridges it sits in front of. */
final class MatrixSection {
  private static final YAMLMapper YAML = new YAMLMapper();

  private final ConfigValues values;

  MatrixSection(ConfigValues values) {
    this.values = values;
  }

  /** The {@code matrix} section: the appservice proxy, off when absent. */
  MatrixConfig matrix(JsonNode node) {
    if (node == null || node.isNull() || !values.object(node, "matrix")) {
      return null;
    }
    values.keys(
        node,
        "matrix",
        Set.of(
            "host",
            "port",
            "homeserver",
            "domain",
            "statusEvents",
            "errorNotices",
            "degradeStatus",
            "bridges"));
    String host = values.string(node.get("host"), "matrix.host");
    Integer port = values.integer(node.get("port"), "matrix.port", 0, 65535);
    String homeserverText = values.string(node.get("homeserver"), "matrix.homeserver");
    URI homeserver = null;
    if (homeserverText == null || homeserverText.isEmpty()) {
      values.problems.add(
          "matrix.homeserver: is required (the homeserver's client-server API URL)");
    } else {
      homeserver = values.httpUrl(homeserverText, "matrix.homeserver");
    }
    String domain = values.string(node.get("domain"), "matrix.domain");
    boolean statusEvents = values.flag(node.get("statusEvents"), "matrix.statusEvents", true);
    boolean errorNotices = values.flag(node.get("errorNotices"), "matrix.errorNotices", true);
    boolean degradeStatus = values.flag(node.get("degradeStatus"), "matrix.degradeStatus", false);
    Map<String, MatrixConfig.Bridge> bridges = new LinkedHashMap<>();
    JsonNode bridgesNode = node.get("bridges");
    if (bridgesNode == null || !bridgesNode.isObject() || bridgesNode.isEmpty()) {
      values.problems.add("matrix.bridges: at least one bridge is required (name → bridge)");
    } else {
      bridgesNode
          .fields()
          .forEachRemaining(
              e -> {
                MatrixConfig.Bridge bridge =
                    bridge("matrix.bridges." + e.getKey(), e.getKey(), e.getValue());
                if (bridge != null) {
                  bridges.put(e.getKey(), bridge);
                }
              });
      Set<String> tokens = new java.util.HashSet<>();
      bridges.forEach(
          (name, bridge) -> {
            if (!tokens.add(bridge.registration().hsToken())) {
              values.problems.add(
                  "matrix.bridges."
                      + name
                      + ".registration: its hs_token is another bridge's too; each bridge needs"
                      + " its own, which is how Triage tells whose transaction came in");
            }
          });
    }
    if (homeserver == null) {
      return null;
    }
    return new MatrixConfig(
        host == null || host.isEmpty() ? "127.0.0.1" : host,
        port == null ? 29341 : port,
        homeserver,
        domain == null || domain.isEmpty() ? null : domain,
        statusEvents,
        errorNotices,
        degradeStatus,
        bridges);
  }

  MatrixConfig.Bridge bridge(String path, String name, JsonNode node) {
    if (!values.object(node, path)) {
      return null;
    }
    values.keys(node, path, Set.of("registration", "url", "profile", "capabilities", "rooms"));
    int before = values.problems.size();
    String file = values.string(node.get("registration"), path + ".registration");
    MatrixConfig.Registration registration = null;
    if (file == null || file.isEmpty()) {
      values.problems.add(
          path + ".registration: is required (the bridge's registration YAML file)");
    } else {
      registration = registration(path + ".registration", Path.of(file));
    }
    String urlText = values.string(node.get("url"), path + ".url");
    URI url = null;
    if (urlText == null || urlText.isEmpty()) {
      values.problems.add(path + ".url: is required (where the bridge itself listens)");
    } else {
      url = values.httpUrl(urlText, path + ".url");
    }
    Capabilities capabilities =
        values.capabilities(
            path, values.string(node.get("profile"), path + ".profile"), node.get("capabilities"));
    List<MatrixConfig.RoomRule> rooms = new ArrayList<>();
    JsonNode roomsNode = node.get("rooms");
    if (roomsNode != null && !roomsNode.isNull()) {
      if (!roomsNode.isArray()) {
        values.problems.add(path + ".rooms: must be a list of {match, profile, capabilities}");
      } else {
        for (int i = 0; i < roomsNode.size(); i++) {
          String rulePath = path + ".rooms[" + i + "]";
          JsonNode rule = roomsNode.get(i);
          if (!values.object(rule, rulePath)) {
            continue;
          }
          values.keys(rule, rulePath, Set.of("match", "profile", "capabilities"));
          String match = values.string(rule.get("match"), rulePath + ".match");
          java.util.regex.Pattern pattern = null;
          if (match == null || match.isEmpty()) {
            values.problems.add(
                rulePath + ".match: is required (a regular expression over room ids)");
          } else {
            try {
              pattern = java.util.regex.Pattern.compile(match);
            } catch (java.util.regex.PatternSyntaxException e) {
              values.problems.add(
                  rulePath + ".match: not a regular expression: " + e.getDescription());
            }
          }
          Capabilities ruleCaps =
              values.capabilities(
                  rulePath,
                  values.string(rule.get("profile"), rulePath + ".profile"),
                  rule.get("capabilities"));
          if (pattern != null && ruleCaps != null) {
            rooms.add(new MatrixConfig.RoomRule(pattern, ruleCaps));
          }
        }
      }
    }
    return values.problems.size() == before
        ? new MatrixConfig.Bridge(name, registration, url, capabilities, rooms)
        : null;
  }

  /** A registration YAML as the homeserver loads it: the keys a proxy needs, checked. */
  MatrixConfig.Registration registration(String path, Path file) {
    JsonNode yaml;
    try {
      yaml = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      values.problems.add(path + ": cannot read " + file + ": " + e.getMessage());
      return null;
    }
    if (yaml == null || !yaml.isObject()) {
      values.problems.add(path + ": " + file + " is not a registration (a YAML mapping)");
      return null;
    }
    List<String> missing = new ArrayList<>();
    for (String key : List.of("id", "as_token", "hs_token", "sender_localpart")) {
      if (!yaml.hasNonNull(key) || yaml.get(key).asText().isEmpty()) {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      values.problems.add(path + ": " + file + " lacks " + String.join(", ", missing));
      return null;
    }
    List<java.util.regex.Pattern> users = new ArrayList<>();
    for (JsonNode user : yaml.path("namespaces").path("users")) {
      String regex = user.path("regex").asText("");
      try {
        users.add(java.util.regex.Pattern.compile(regex));
      } catch (java.util.regex.PatternSyntaxException e) {
        values.problems.add(path + ": namespaces.users regex " + regex + ": " + e.getDescription());
      }
    }
    return new MatrixConfig.Registration(
        yaml.get("id").asText(),
        yaml.get("as_token").asText(),
        yaml.get("hs_token").asText(),
        yaml.get("sender_localpart").asText(),
        users);
  }
}
