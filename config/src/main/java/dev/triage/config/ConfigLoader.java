package dev.triage.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.triage.adapter.AdapterFactory;
import dev.triage.adapter.AdapterSettings;
import dev.triage.capability.Capabilities;
import dev.triage.json.CapabilityDelta;
import dev.triage.json.InvalidInputException;
import dev.triage.json.TriageJson;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the YAML configuration: expands {@code ${VAR}} and {@code ${VAR:-default}} from the
 * environment in every string, checks every field, and reports every problem at once, each with its
 * path ({@code networks.wa.adapter.url: not an http(s) URL}). Unknown keys are problems too: a typo
 * must not pass silently. See {@code config/triage.example.yaml} for every field.
 */
public final class ConfigLoader {
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
  private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KiB|MiB|GiB)?");
  private static final YAMLMapper YAML = new YAMLMapper();

  private final Function<String, String> environment;

  private ConfigLoader(Function<String, String> environment) {
    this.environment = environment;
  }

  /** A loader that expands variables from the process environment. */
  public static ConfigLoader fromEnvironment() {
    return new ConfigLoader(System::getenv);
  }

  /** A loader that expands variables from the given map, for tests. */
  public static ConfigLoader withEnvironment(Map<String, String> environment) {
    return new ConfigLoader(environment::get);
  }

  /** Reads and validates a configuration file. */
  public TriageConfig load(Path file) throws ConfigException {
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), List.of("no such file"));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of("cannot be read: " + e.getMessage()));
    }
    return parse(yaml, file.toString());
  }

  /** Reads and validates configuration text; {@code source} names it in errors. */
  public TriageConfig parse(String yaml, String source) throws ConfigException {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          source,
          List.of("not valid YAML" + TriageJson.location(e) + ": " + e.getOriginalMessage()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = JsonNodeFactory.instance.objectNode();
    }
    Run run = new Run();
    TriageConfig config = run.config(root);
    if (!run.problems.isEmpty()) {
      throw new ConfigException(source, run.problems);
    }
    return config;
  }

  /** One validation pass; collects every problem instead of stopping at the first. */
  private final class Run {
    final List<String> problems = new ArrayList<>();

    TriageConfig config(JsonNode root) {
      if (!root.isObject()) {
        problems.add(
            "the configuration must be a mapping of server, defaultNetwork, networks, chats");
        return null;
      }
      keys(root, "", Set.of("server", "logging", "defaultNetwork", "networks", "chats", "matrix"));
      TriageConfig.Server server = server(root.get("server"));
      TriageConfig.Logging logging = logging(root.get("logging"));
      Map<String, TriageConfig.Network> networks = new LinkedHashMap<>();
      JsonNode networksNode = root.get("networks");
      if (networksNode != null && !networksNode.isNull()) {
        if (!networksNode.isObject()) {
          problems.add("networks: must be a mapping of network name to network");
        } else {
          for (Iterator<Map.Entry<String, JsonNode>> it = networksNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            TriageConfig.Network network = network("networks." + entry.getKey(), entry.getValue());
            if (network != null) {
              networks.put(entry.getKey(), network);
            }
          }
        }
      }
      if (networksNode == null
          || networksNode.isNull()
          || (networksNode.isObject() && networksNode.isEmpty())) {
        problems.add("networks: at least one network is required");
      }
      String defaultNetwork = string(root.get("defaultNetwork"), "defaultNetwork");
      // A default that names a declared network with problems of its own was reported there.
      boolean declared = networksNode != null && networksNode.has(String.valueOf(defaultNetwork));
      if (defaultNetwork != null && !declared) {
        problems.add(
            "defaultNetwork: "
                + defaultNetwork
                + " is not one of the networks "
                + networks.keySet());
      }
      Map<String, TriageConfig.Chat> chats = new LinkedHashMap<>();
      JsonNode chatsNode = root.get("chats");
      if (chatsNode != null && !chatsNode.isNull()) {
        if (!chatsNode.isObject()) {
          problems.add("chats: must be a mapping of chat ID to chat");
        } else {
          for (Iterator<Map.Entry<String, JsonNode>> it = chatsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            TriageConfig.Chat chat =
                chat("chats." + entry.getKey(), entry.getValue(), networks, defaultNetwork);
            if (chat != null) {
              chats.put(entry.getKey(), chat);
            }
          }
        }
      }
      if (chats.size() > server.maxChats()) {
        problems.add(
            "chats: "
                + chats.size()
                + " chats are listed, more than server.maxChats ("
                + server.maxChats()
                + ")");
      }
      MatrixConfig matrix = matrix(root.get("matrix"));
      return problems.isEmpty()
          ? new TriageConfig(server, logging, defaultNetwork, networks, chats, matrix)
          : null;
    }

    TriageConfig.Logging logging(JsonNode node) {
      TriageConfig.Logging defaults = TriageConfig.Logging.defaults();
      if (node == null || node.isNull() || !object(node, "logging")) {
        return defaults;
      }
      keys(node, "logging", Set.of("format", "level", "decisions"));
      String format = oneOf(node.get("format"), "logging.format", Set.of("text", "json"));
      String level =
          oneOf(node.get("level"), "logging.level", Set.of("debug", "info", "warn", "error"));
      String decisions = oneOf(node.get("decisions"), "logging.decisions", Set.of("true", "false"));
      return new TriageConfig.Logging(
          format == null ? defaults.format() : format,
          level == null ? defaults.level() : level,
          decisions == null ? defaults.decisions() : Boolean.parseBoolean(decisions));
    }

    String oneOf(JsonNode node, String path, Set<String> allowed) {
      String value = string(node, path);
      if (value != null && !allowed.contains(value)) {
        problems.add(
            path + ": must be one of " + new java.util.TreeSet<>(allowed) + ", got " + value);
        return null;
      }
      return value;
    }

    TriageConfig.Server server(JsonNode node) {
      TriageConfig.Server defaults = TriageConfig.Server.defaults();
      if (node == null || node.isNull()) {
        return defaults;
      }
      if (!object(node, "server")) {
        return defaults;
      }
      keys(
          node,
          "server",
          Set.of(
              "host",
              "port",
              "token",
              "bodyLimit",
              "requestTimeout",
              "tls",
              "journal",
              "maxChats",
              "idleTimeout",
              "headerTimeout",
              "eventLoops",
              "workers",
              "workQueue"));
      String host = string(node.get("host"), "server.host");
      Integer port = integer(node.get("port"), "server.port", 0, 65535);
      String token = string(node.get("token"), "server.token");
      Long bodyLimit = size(node.get("bodyLimit"), "server.bodyLimit");
      Duration timeout = duration(node.get("requestTimeout"), "server.requestTimeout");
      TriageConfig.Server.Tls tls = tls(node.get("tls"));
      String journal = string(node.get("journal"), "server.journal");
      Integer maxChats = integer(node.get("maxChats"), "server.maxChats", 1, Integer.MAX_VALUE);
      TriageConfig.Server.Limits limits = defaults.limits();
      limits =
          new TriageConfig.Server.Limits(
              positive(
                  durationOr(node.get("idleTimeout"), "server.idleTimeout", limits.idleTimeout()),
                  "server.idleTimeout"),
              positive(
                  durationOr(
                      node.get("headerTimeout"), "server.headerTimeout", limits.headerTimeout()),
                  "server.headerTimeout"),
              integerOr(node.get("eventLoops"), "server.eventLoops", 1, 256, limits.eventLoops()),
              integerOr(node.get("workers"), "server.workers", 1, 256, limits.workers()),
              integerOr(node.get("workQueue"), "server.workQueue", 0, 100_000, limits.workQueue()));
      return new TriageConfig.Server(
          host == null || host.isEmpty() ? defaults.host() : host,
          port == null ? defaults.port() : port,
          token == null || token.isEmpty() ? null : token,
          bodyLimit == null ? defaults.bodyLimit() : bodyLimit,
          timeout == null ? defaults.requestTimeout() : timeout,
          tls,
          journal == null || journal.isEmpty() ? null : java.nio.file.Path.of(journal),
          maxChats == null ? defaults.maxChats() : maxChats,
          limits);
    }

    /** A timeout of zero would close every connection at once: refused, keeping the default. */
    Duration positive(Duration value, String path) {
      if (value.isZero()) {
        problems.add(path + ": must be longer than 0");
        return Duration.ofSeconds(1);
      }
      return value;
    }

    TriageConfig.Server.Tls tls(JsonNode node) {
      if (node == null || node.isNull() || !object(node, "server.tls")) {
        return null;
      }
      keys(node, "server.tls", Set.of("keystore", "password"));
      String keystore = string(node.get("keystore"), "server.tls.keystore");
      String password = string(node.get("password"), "server.tls.password");
      if (keystore == null || keystore.isEmpty()) {
        problems.add("server.tls.keystore: is required (a PKCS#12 .p12 file)");
        return null;
      }
      java.nio.file.Path path = java.nio.file.Path.of(keystore);
      if (!java.nio.file.Files.isReadable(path)) {
        problems.add("server.tls.keystore: cannot read " + keystore);
        return null;
      }
      return new TriageConfig.Server.Tls(path, password == null ? "" : password);
    }

    TriageConfig.Network network(String path, JsonNode node) {
      if (!object(node, path)) {
        return null;
      }
      keys(node, path, Set.of("profile", "capabilities", "adapter"));
      int before = problems.size();
      String profileName = string(node.get("profile"), path + ".profile");
      Capabilities capabilities = capabilities(path, profileName, node.get("capabilities"));
      AdapterConfig adapter = adapter(path + ".adapter", node.get("adapter"));
      return problems.size() == before
          ? new TriageConfig.Network(profileName, capabilities, adapter)
          : null;
    }

    /**
     * The capabilities a section names: a shipped profile, a whole document, or a profile with the
     * document as a delta over it; {@code null} (and a problem) when neither is given or either is
     * wrong.
     */
    Capabilities capabilities(String path, String profileName, JsonNode caps) {
      Capabilities base = null;
      if (profileName != null) {
        base = ShippedProfiles.get(profileName).orElse(null);
        if (base == null) {
          problems.add(
              path
                  + ".profile: no shipped profile named "
                  + profileName
                  + " (see triage.jar profiles)");
        }
      }
      Capabilities capabilities = base;
      if (caps != null && !caps.isNull()) {
        try {
          // With a profile, capabilities is a delta over it; alone, it is the whole document.
          capabilities =
              base != null
                  ? CapabilityDelta.of(expand(caps, path + ".capabilities")).applyTo(base)
                  : TriageJson.readCapabilities(expand(caps, path + ".capabilities"));
        } catch (InvalidInputException e) {
          problems.add(
              path
                  + ".capabilities"
                  + (e.path().isEmpty() ? "" : "." + e.path())
                  + ": "
                  + e.problem());
        }
      } else if (profileName == null) {
        problems.add(path + ": give a profile, capabilities, or both");
      }
      return capabilities;
    }

    /**
     * An adapter section: {@code type} names a factory on the classpath, which reads and checks the
     * other keys itself; its problems are reported under this path.
     */
    AdapterConfig adapter(String path, JsonNode node) {
      if (node == null || node.isNull()) {
        return AdapterConfig.loopback();
      }
      if (!object(node, path)) {
        return null;
      }
      String type = string(node.get("type"), path + ".type");
      if (type == null) {
        problems.add(
            path + ".type: is required (" + String.join(", ", AdapterFactories.types()) + ")");
        return null;
      }
      AdapterFactory factory = AdapterFactories.get(type).orElse(null);
      if (factory == null) {
        problems.add(
            path
                + ".type: unknown adapter type "
                + type
                + " (known: "
                + String.join(", ", AdapterFactories.types())
                + "; another type needs its jar on the classpath)");
        return null;
      }
      ObjectNode rest = ((ObjectNode) expand(node, path)).deepCopy();
      rest.remove("type");
      @SuppressWarnings("unchecked")
      Map<String, Object> raw = YAML.convertValue(rest, Map.class);
      AdapterSettings settings = new AdapterSettings(raw);
      Object typed;
      try {
        typed = factory.configure(settings);
      } catch (RuntimeException e) {
        problems.add(path + ": the " + type + " adapter could not read its settings: " + e);
        return null;
      }
      int before = problems.size();
      settings.problems().forEach(problem -> problems.add(path + "." + problem));
      return problems.size() == before ? new AdapterConfig(type, raw, typed) : null;
    }

    /** The {@code matrix} section: the appservice proxy, off when absent. */
    MatrixConfig matrix(JsonNode node) {
      if (node == null || node.isNull() || !object(node, "matrix")) {
        return null;
      }
      keys(
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
      String host = string(node.get("host"), "matrix.host");
      Integer port = integer(node.get("port"), "matrix.port", 0, 65535);
      String homeserverText = string(node.get("homeserver"), "matrix.homeserver");
      URI homeserver = null;
      if (homeserverText == null || homeserverText.isEmpty()) {
        problems.add("matrix.homeserver: is required (the homeserver's client-server API URL)");
      } else {
        homeserver = httpUrl(homeserverText, "matrix.homeserver");
      }
      String domain = string(node.get("domain"), "matrix.domain");
      boolean statusEvents = flag(node.get("statusEvents"), "matrix.statusEvents", true);
      boolean errorNotices = flag(node.get("errorNotices"), "matrix.errorNotices", true);
      boolean degradeStatus = flag(node.get("degradeStatus"), "matrix.degradeStatus", false);
      Map<String, MatrixConfig.Bridge> bridges = new LinkedHashMap<>();
      JsonNode bridgesNode = node.get("bridges");
      if (bridgesNode == null || !bridgesNode.isObject() || bridgesNode.isEmpty()) {
        problems.add("matrix.bridges: at least one bridge is required (name → bridge)");
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
                problems.add(
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
      if (!object(node, path)) {
        return null;
      }
      keys(node, path, Set.of("registration", "url", "profile", "capabilities", "rooms"));
      int before = problems.size();
      String file = string(node.get("registration"), path + ".registration");
      MatrixConfig.Registration registration = null;
      if (file == null || file.isEmpty()) {
        problems.add(path + ".registration: is required (the bridge's registration YAML file)");
      } else {
        registration = registration(path + ".registration", Path.of(file));
      }
      String urlText = string(node.get("url"), path + ".url");
      URI url = null;
      if (urlText == null || urlText.isEmpty()) {
        problems.add(path + ".url: is required (where the bridge itself listens)");
      } else {
        url = httpUrl(urlText, path + ".url");
      }
      Capabilities capabilities =
          capabilities(
              path, string(node.get("profile"), path + ".profile"), node.get("capabilities"));
      List<MatrixConfig.RoomRule> rooms = new ArrayList<>();
      JsonNode roomsNode = node.get("rooms");
      if (roomsNode != null && !roomsNode.isNull()) {
        if (!roomsNode.isArray()) {
          problems.add(path + ".rooms: must be a list of {match, profile, capabilities}");
        } else {
          for (int i = 0; i < roomsNode.size(); i++) {
            String rulePath = path + ".rooms[" + i + "]";
            JsonNode rule = roomsNode.get(i);
            if (!object(rule, rulePath)) {
              continue;
            }
            keys(rule, rulePath, Set.of("match", "profile", "capabilities"));
            String match = string(rule.get("match"), rulePath + ".match");
            java.util.regex.Pattern pattern = null;
            if (match == null || match.isEmpty()) {
              problems.add(rulePath + ".match: is required (a regular expression over room ids)");
            } else {
              try {
                pattern = java.util.regex.Pattern.compile(match);
              } catch (java.util.regex.PatternSyntaxException e) {
                problems.add(rulePath + ".match: not a regular expression: " + e.getDescription());
              }
            }
            Capabilities ruleCaps =
                capabilities(
                    rulePath,
                    string(rule.get("profile"), rulePath + ".profile"),
                    rule.get("capabilities"));
            if (pattern != null && ruleCaps != null) {
              rooms.add(new MatrixConfig.RoomRule(pattern, ruleCaps));
            }
          }
        }
      }
      return problems.size() == before
          ? new MatrixConfig.Bridge(name, registration, url, capabilities, rooms)
          : null;
    }

    /** A registration YAML as the homeserver loads it: the keys a proxy needs, checked. */
    MatrixConfig.Registration registration(String path, Path file) {
      JsonNode yaml;
      try {
        yaml = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        problems.add(path + ": cannot read " + file + ": " + e.getMessage());
        return null;
      }
      if (yaml == null || !yaml.isObject()) {
        problems.add(path + ": " + file + " is not a registration (a YAML mapping)");
        return null;
      }
      List<String> missing = new ArrayList<>();
      for (String key : List.of("id", "as_token", "hs_token", "sender_localpart")) {
        if (!yaml.hasNonNull(key) || yaml.get(key).asText().isEmpty()) {
          missing.add(key);
        }
      }
      if (!missing.isEmpty()) {
        problems.add(path + ": " + file + " lacks " + String.join(", ", missing));
        return null;
      }
      List<java.util.regex.Pattern> users = new ArrayList<>();
      for (JsonNode user : yaml.path("namespaces").path("users")) {
        String regex = user.path("regex").asText("");
        try {
          users.add(java.util.regex.Pattern.compile(regex));
        } catch (java.util.regex.PatternSyntaxException e) {
          problems.add(path + ": namespaces.users regex " + regex + ": " + e.getDescription());
        }
      }
      return new MatrixConfig.Registration(
          yaml.get("id").asText(),
          yaml.get("as_token").asText(),
          yaml.get("hs_token").asText(),
          yaml.get("sender_localpart").asText(),
          users);
    }

    URI httpUrl(String text, String path) {
      try {
        URI uri = new URI(text);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && uri.getHost() != null) {
          return uri;
        }
      } catch (java.net.URISyntaxException e) {
        // reported below
      }
      problems.add(path + ": not an http(s) URL: " + text);
      return null;
    }

    boolean flag(JsonNode node, String path, boolean fallback) {
      String value = oneOf(node, path, Set.of("true", "false"));
      return value == null ? fallback : Boolean.parseBoolean(value);
    }

    TriageConfig.Chat chat(
        String path,
        JsonNode node,
        Map<String, TriageConfig.Network> networks,
        String defaultNetwork) {
      if (!object(node, path)) {
        return null;
      }
      keys(node, path, Set.of("network", "capabilities"));
      String network = string(node.get("network"), path + ".network");
      if (network == null) {
        network = defaultNetwork;
      }
      if (network == null) {
        problems.add(path + ".network: is required when there is no defaultNetwork");
        return null;
      }
      TriageConfig.Network onNetwork = networks.get(network);
      if (onNetwork == null) {
        problems.add(
            path + ".network: " + network + " is not one of the networks " + networks.keySet());
        return null;
      }
      JsonNode caps = node.get("capabilities");
      if (caps == null || caps.isNull()) {
        return new TriageConfig.Chat(network, null);
      }
      try {
        CapabilityDelta delta = CapabilityDelta.of(expand(caps, path + ".capabilities"));
        delta.applyTo(onNetwork.capabilities());
        return new TriageConfig.Chat(network, delta);
      } catch (InvalidInputException e) {
        problems.add(
            path
                + ".capabilities"
                + (e.path().isEmpty() ? "" : "." + e.path())
                + ": "
                + e.problem());
        return null;
      }
    }

    // --- scalars -------------------------------------------------------------------------------

    boolean object(JsonNode node, String path) {
      if (node == null || !node.isObject()) {
        problems.add(path + ": must be a mapping");
        return false;
      }
      return true;
    }

    void keys(JsonNode node, String path, Set<String> known) {
      node.fieldNames()
          .forEachRemaining(
              key -> {
                if (!known.contains(key)) {
                  problems.add(
                      (path.isEmpty() ? "" : path + ".")
                          + key
                          + ": unknown key (known: "
                          + String.join(", ", new java.util.TreeSet<>(known))
                          + ")");
                }
              });
    }

    String string(JsonNode node, String path) {
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isValueNode() || node.isBinary()) {
        problems.add(path + ": must be a text value");
        return null;
      }
      return expand(node.asText(), path);
    }

    Integer integer(JsonNode node, String path, int min, int max) {
      if (node == null || node.isNull()) {
        return null;
      }
      String text = node.isTextual() ? expand(node.textValue(), path) : node.asText();
      if (text == null) {
        return null;
      }
      try {
        int value = Integer.parseInt(text.trim());
        if (value < min || value > max) {
          problems.add(path + ": must be between " + min + " and " + max + ", got " + value);
          return null;
        }
        return value;
      } catch (NumberFormatException e) {
        problems.add(path + ": must be a whole number, got " + text);
        return null;
      }
    }

    Integer integerOr(JsonNode node, String path, int min, int max, int fallback) {
      Integer value = integer(node, path, min, max);
      return value == null ? fallback : value;
    }

    Duration duration(JsonNode node, String path) {
      String text = string(node, path);
      if (text == null) {
        return null;
      }
      Duration value = AdapterSettings.parseDuration(text);
      if (value == null) {
        problems.add(path + ": not a duration like 250ms, 5s, 2m or 1h: " + text);
      }
      return value;
    }

    Duration durationOr(JsonNode node, String path, Duration fallback) {
      Duration value = duration(node, path);
      return value == null ? fallback : value;
    }

    Long size(JsonNode node, String path) {
      String text = string(node, path);
      if (text == null) {
        return null;
      }
      Matcher m = SIZE.matcher(text.trim());
      if (!m.matches()) {
        problems.add(path + ": not a size like 1048576, 512KiB or 1MiB: " + text);
        return null;
      }
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "B" : m.group(2);
      long factor =
          unit.equals("KiB")
              ? 1024
              : unit.equals("MiB") ? 1024 * 1024 : unit.equals("GiB") ? 1024L * 1024 * 1024 : 1;
      if (amount < 1) {
        problems.add(path + ": must be at least 1 byte");
        return null;
      }
      return amount * factor;
    }

    /** Expands variables in a string; a variable that is unset and has no default is a problem. */
    String expand(String text, String path) {
      Matcher m = VARIABLE.matcher(text);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String value = environment.apply(m.group(1));
        if (value == null) {
          value = m.group(2) != null ? m.group(3) : null;
        }
        if (value == null) {
          problems.add(
              path
                  + ": environment variable "
                  + m.group(1)
                  + " is not set (write ${"
                  + m.group(1)
                  + ":-default} for a default)");
          value = "";
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      return out.toString();
    }

    /** Expands variables in every string of a tree (capability documents may use them too). */
    JsonNode expand(JsonNode node, String path) {
      if (node.isTextual()) {
        return JsonNodeFactory.instance.textNode(expand(node.textValue(), path));
      }
      if (node.isObject()) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        node.fields()
            .forEachRemaining(
                e -> out.set(e.getKey(), expand(e.getValue(), path + "." + e.getKey())));
        return out;
      }
      if (node.isArray()) {
        com.fasterxml.jackson.databind.node.ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < node.size(); i++) {
          out.add(expand(node.get(i), path + "[" + i + "]"));
        }
        return out;
      }
      return node;
    }
  }
}
