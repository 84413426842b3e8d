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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the YAML configuration: expands {@code ${VAR}} and {@code ${VAR:-default}} from the
 * environment in every string, checks every field, and reports every problem at once, each with its
 * path ({@code networks.wa.adapter.url: not an http(s) URL}). Unknown keys are problems too: a typo
 * must not pass silently. See {@code config/triage.example.yaml} for every field.
 */
public final class ConfigLoader {
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
  private final class Run extends ConfigValues {
    Run() {
      super(environment);
    }

    TriageConfig config(JsonNode root) {
      if (!root.isObject()) {
        problems.add(
            "the configuration must be a mapping of server, defaultNetwork, networks, chats");
        return null;
      }
      keys(
          root,
          "",
          Set.of("server", "logging", "defaultNetwork", "networks", "chats", "matrix", "storage"));
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
      MatrixConfig matrix = new MatrixSection(this).matrix(root.get("matrix"));
      StorageConfig storage = storage(root.get("storage"));
      if (storage.postgres() != null && server.journal() != null) {
        problems.add(
            "server.journal: not with storage.postgres, which keeps delivery results itself;"
                + " remove one");
      }
      return problems.isEmpty()
          ? new TriageConfig(server, logging, defaultNetwork, networks, chats, matrix, storage)
          : null;
    }

    StorageConfig storage(JsonNode node) {
      if (node == null || node.isNull() || !object(node, "storage")) {
        return StorageConfig.embedded();
      }
      keys(node, "storage", Set.of("postgres"));
      JsonNode pg = node.get("postgres");
      if (pg == null || pg.isNull() || !object(pg, "storage.postgres")) {
        return StorageConfig.embedded();
      }
      keys(pg, "storage.postgres", Set.of("url", "password", "poolSize", "waitFor"));
      String url = string(pg.get("url"), "storage.postgres.url");
      String password = string(pg.get("password"), "storage.postgres.password");
      int poolSize =
          integerOr(
              pg.get("poolSize"),
              "storage.postgres.poolSize",
              1,
              1000,
              StorageConfig.Postgres.DEFAULT_POOL_SIZE);
      Duration waitFor =
          positive(
              durationOr(
                  pg.get("waitFor"),
                  "storage.postgres.waitFor",
                  StorageConfig.Postgres.DEFAULT_WAIT_FOR),
              "storage.postgres.waitFor");
      if (url == null || url.isEmpty()) {
        problems.add(
            "storage.postgres.url: is required (postgresql://user@host:port/database, or set "
                + StorageConfig.DATABASE_URL_VARIABLE
                + ")");
        return StorageConfig.embedded();
      }
      try {
        return new StorageConfig(
            StorageConfig.Postgres.parse(url, password).with(poolSize, waitFor));
      } catch (IllegalArgumentException e) {
        problems.add("storage.postgres.url: " + e.getMessage());
        return StorageConfig.embedded();
      }
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
        problem(path + ".capabilities", e);
        return null;
      }
    }

    // --- scalars -------------------------------------------------------------------------------

  }
}
