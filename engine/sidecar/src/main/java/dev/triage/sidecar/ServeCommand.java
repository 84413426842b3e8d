package dev.triage.sidecar;

import dev.triage.config.ConfigException;
import dev.triage.config.ConfigLoader;
import dev.triage.config.ReloadableConfig;
import dev.triage.config.StorageConfig;
import dev.triage.config.TriageConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code triage serve}: the HTTP sidecar. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Start the HTTP sidecar. Without --config it runs on the embedded defaults: 127.0.0.1:29340,"
          + " a network per shipped profile plus a 'default' network (WhatsApp) for unlisted chats,"
          + " delivering to the in-memory loopback.",
      "SIGHUP (or POST /v1/config/reload) reloads the configuration; SIGTERM lets requests in"
          + " flight finish, then stops."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:stopped", "2:the configuration is invalid or the address cannot be used"})
final class ServeCommand implements Callable<Integer> {
  /** How long requests in flight may take to finish on SIGTERM. */
  private static final long SHUTDOWN_SECONDS = 30;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A YAML configuration (see config/triage.example.yaml).")
  Path config;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "The address to bind, over server.host.")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "The port, over server.port (0 picks a free one).")
  Integer port;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    ReloadableConfig reloadable = null;
    TriageConfig loaded;
    try {
      if (config != null) {
        reloadable = new ReloadableConfig(ConfigLoader.fromEnvironment(), config);
        loaded = reloadable.current();
      } else {
        loaded = TriageConfig.embedded();
      }
    } catch (ConfigException e) {
      err.println("triage serve: " + e.getMessage());
      err.flush();
      return 2;
    }
    TriageConfig effective;
    try {
      effective = withListener(loaded, host, port);
    } catch (IllegalArgumentException e) {
      err.println("triage serve: " + e.getMessage());
      err.flush();
      return 2;
    }
    Logs.configure(effective.logging());
    TriageServer server;
    int actualPort;
    try {
      server =
          new TriageServer(
              loaded, reloadable, Clock.systemUTC(), config -> withListener(config, host, port));
      actualPort = server.start();
    } catch (IllegalStateException | IllegalArgumentException e) {
      err.println("triage serve: " + e.getMessage());
      err.flush();
      return 2;
    }
    String address = effective.server().host() + ":" + actualPort;
    Logs.SERVER.info(
        "Triage listening on "
            + (effective.server().tls() == null ? "http://" : "https://")
            + address
            + (config == null ? " (embedded defaults)" : " (" + config + ")")
            + " — try: curl -s "
            + (effective.server().tls() == null ? "http://" : "-k https://")
            + address
            + "/v1/mediate -H 'Content-Type: application/json'"
            + (effective.server().token() == null
                ? ""
                : " -H 'Authorization: Bearer $TRIAGE_TOKEN'")
            + " -d '{\"profile\":\"whatsapp\",\"action\":{\"type\":\"message\",\"text\":\"hello\"}}'");
    Signals.onHangup(server::reload);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Logs.SERVER.info("stopping: letting requests in flight finish");
                  server.stop(SHUTDOWN_SECONDS);
                  Logs.SERVER.info("stopped");
                  stopped.countDown();
                },
                "triage-shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * The configuration with --host and --port over its server section, and the database named by
   * {@code TRIAGE_DATABASE_URL} (its password, if not in the URL, in {@code
   * TRIAGE_DATABASE_PASSWORD}) when the configuration names none.
   *
   * @throws IllegalArgumentException when that variable is not a PostgreSQL URL
   */
  static TriageConfig withListener(TriageConfig config, String host, Integer port) {
    config = withDatabase(config, System.getenv());
    return withAddress(config, host, port);
  }

  static TriageConfig withDatabase(TriageConfig config, java.util.Map<String, String> env) {
    String url = env.get(StorageConfig.DATABASE_URL_VARIABLE);
    if (config.storage().postgres() != null || url == null || url.isEmpty()) {
      return config;
    }
    if (config.server().journal() != null) {
      throw new IllegalArgumentException(
          StorageConfig.DATABASE_URL_VARIABLE
              + ": not with server.journal, which keeps delivery results in a file; remove one");
    }
    try {
      return config.withStorage(
          new StorageConfig(
              StorageConfig.Postgres.parse(url, env.get("TRIAGE_DATABASE_PASSWORD"))));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          StorageConfig.DATABASE_URL_VARIABLE + ": " + e.getMessage(), e);
    }
  }

  private static TriageConfig withAddress(TriageConfig config, String host, Integer port) {
    TriageConfig.Server server = config.server();
    String token = server.token() == null ? System.getenv("TRIAGE_TOKEN") : server.token();
    TriageConfig.Server listener =
        server.withListener(
            host == null ? server.host() : host,
            port == null ? server.port() : port,
            token == null || token.isEmpty() ? null : token);
    return config.withServer(listener);
  }
}
