package dev.triage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.adapter.desktop.BeeperDesktopAdapter;
import dev.triage.adapter.webhook.WebhookAdapter;
import dev.triage.capability.Level;
import dev.triage.store.CapabilityStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ConfigLoaderTest {
  private static final Path EXAMPLE = Path.of("triage.example.yaml");

  @TempDir Path dir;

  private static TriageConfig parse(String yaml, Map<String, String> env) throws ConfigException {
    return ConfigLoader.withEnvironment(env).parse(yaml, "test.yaml");
  }

  @Test
  void aJournalFileIsReadAsAPath() throws ConfigException {
    TriageConfig config =
        parse(
            "server: {journal: state/journal.mv.db}\nnetworks: {wa: {profile: whatsapp}}",
            Map.of());

    assertThat(config.server().journal()).isEqualTo(java.nio.file.Path.of("state/journal.mv.db"));
    assertThat(config.server().toString()).contains("journal=state/journal.mv.db");
  }

  @Test
  void theShippedExampleIsValidAndSaysWhatItsCommentsSay() throws ConfigException {
    TriageConfig config =
        ConfigLoader.withEnvironment(Map.of("TRIAGE_TOKEN", "s3cret", "WEBHOOK_SECRET", "hmac"))
            .load(EXAMPLE);

    assertThat(config.server().host()).isEqualTo("127.0.0.1");
    assertThat(config.server().port()).isEqualTo(29340);
    assertThat(config.server().token()).isEqualTo("s3cret");
    assertThat(config.server().bodyLimit()).isEqualTo(1024 * 1024);
    assertThat(config.server().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.server().journal()).isNull();
    assertThat(config.server().maxChats()).isEqualTo(1_000_000);
    assertThat(config.logging()).isEqualTo(new TriageConfig.Logging("json", "info", true));
    assertThat(config.defaultNetwork()).isEqualTo("demo");
    assertThat(config.networks()).containsOnlyKeys("demo", "wa", "desktop");
    TriageConfig.Network wa = config.networks().get("wa");
    assertThat(wa.profile()).isEqualTo("whatsapp");
    assertThat(wa.capabilities().poll()).isEqualTo(Level.UNSUPPORTED);
    assertThat(wa.capabilities().edit()).isEqualTo(Level.FULL);
    assertThat(wa.adapter().type()).isEqualTo("webhook");
    WebhookAdapter.Settings hook = (WebhookAdapter.Settings) wa.adapter().settings();
    assertThat(hook.url()).isEqualTo(URI.create("http://127.0.0.1:9000/deliver"));
    assertThat(hook.secret()).isEqualTo("hmac");
    assertThat(hook.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(hook.retries()).isEqualTo(5);
    assertThat(wa.adapter().toString()).doesNotContain("hmac");
    TriageConfig.Network desktop = config.networks().get("desktop");
    assertThat(desktop.profile()).isNull();
    assertThat(desktop.capabilities().maxTextLength()).isEqualTo(4096);
    assertThat(((BeeperDesktopAdapter.Settings) desktop.adapter().settings()).cacheTtl())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(config.chats().get("!abc:example.org").network()).isEqualTo("wa");
  }

  @Test
  void maxChatsCapsTheStoreTheConfigurationMakes() throws ConfigException {
    TriageConfig config =
        parse(
            "server: {maxChats: 2}\n"
                + "networks: {wa: {profile: whatsapp}}\n"
                + "chats: {\"!a:x\": {network: wa, capabilities: {edit: 0}}}",
            Map.of());
    CapabilityStore store = config.newStore();
    store.assign("!b:x", "wa", null);

    assertThat(config.server().maxChats()).isEqualTo(2);
    assertThat(config.server().toString()).contains("maxChats=2");
    assertThat(store.maxChats()).isEqualTo(2);
    assertThatThrownBy(() -> store.assign("!c:x", "wa", null))
        .isInstanceOf(dev.triage.store.StoreFullException.class)
        .hasMessageContaining("server.maxChats");
    assertThat(TriageConfig.embedded().newStore().maxChats()).isEqualTo(1_000_000);
  }

  @Test
  void theStoreHoldsNetworksChatsAndTheDefault() throws ConfigException {
    CapabilityStore store = ConfigLoader.withEnvironment(Map.of()).load(EXAMPLE).newStore();

    assertThat(store.resolve("!abc:example.org").edit()).isEqualTo(Level.UNSUPPORTED);
    assertThat(store.resolve("!abc:example.org").poll()).isEqualTo(Level.UNSUPPORTED);
    assertThat(store.resolve("!def:example.org").maxTextLength()).isEqualTo(4096);
    assertThat(store.resolve("!unlisted:example.org"))
        .isSameAs(ShippedProfiles.get("whatsapp").orElseThrow());
  }

  @Test
  void variablesExpandFromTheEnvironmentWithDefaults() throws ConfigException {
    String yaml =
        "server: {port: \"${PORT}\", host: \"${HOST:-127.0.0.2}\", token: \"a-${TOKEN:-}-b\"}\n"
            + "networks: {n: {profile: signal}}\n";

    TriageConfig config = parse(yaml, Map.of("PORT", "4000"));

    assertThat(config.server().port()).isEqualTo(4000);
    assertThat(config.server().host()).isEqualTo("127.0.0.2");
    assertThat(config.server().token()).isEqualTo("a--b");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "networks: {wa: {profile: whatsapp, adapter: {type: webhook, url: \"ftp://x\"}}} | networks.wa.adapter.url: not an http(s) URL: ftp://x",
        "networks: {wa: {profile: whatsapp, adapter: {type: webhook}}} | networks.wa.adapter.url: is required (an http(s) URL)",
        "networks: {wa: {profile: whatsapp, adapter: {type: webhook, url: \"http://h\", timeout: 5}}} | networks.wa.adapter.timeout: not a duration like 250ms, 5s, 2m or 1h: 5",
        "networks: {wa: {profile: whatsapp, adapter: {type: webhook, url: \"http://h\", retries: -1}}} | networks.wa.adapter.retries: must be between 0 and 100, got -1",
        "networks: {wa: {profile: whatsapp, adapter: {type: carrier-pigeon}}} | networks.wa.adapter.type: unknown adapter type carrier-pigeon (known: beeper-desktop, loopback, webhook; another type needs its jar on the classpath)",
        "networks: {wa: {profile: whatsapp, adapter: {type: webhook, url: \"http://h\", retires: 3}}} | networks.wa.adapter.retires: unknown setting (known: backoff, breakerFailures, breakerReset, concurrency, retries, secret, timeout, url)",
        "networks: {wa: {profile: whatsapp, adapter: {type: webhook, url: \"http://h\", concurrency: 0}}} | networks.wa.adapter.concurrency: must be between 1 and 1024, got 0",
        "networks: {wa: {profile: whatsapp, adapter: {type: loopback, chats: many}}} | networks.wa.adapter.chats: must be a whole number, got many",
        "networks: {wa: {profile: whatsapp, adapter: {type: beeper-desktop, url: \"http://h\"}}} | networks.wa.adapter.token: is required (the Desktop API's access token)",
        "networks: {wa: {profile: whatsap}} | networks.wa.profile: no shipped profile named whatsap (see triage.jar profiles)",
        "networks: {wa: {profile: whatsapp, capabilities: {edit: loud}}} | networks.wa.capabilities.edit: must be a level from -2 to 2, got the string \"loud\"",
        "networks: {wa: {adapter: {type: loopback}}} | networks.wa: give a profile, capabilities, or both",
        "networks: {wa: {profile: whatsapp, adaptor: {type: loopback}}} | networks.wa.adaptor: unknown key (known: adapter, capabilities, profile)",
        "server: {port: 70000}\\nnetworks: {wa: {profile: whatsapp}} | server.port: must be between 0 and 65535, got 70000",
        "server: {bodyLimit: 1MB}\\nnetworks: {wa: {profile: whatsapp}} | server.bodyLimit: not a size like 1048576, 512KiB or 1MiB: 1MB",
        "server: {tokn: x}\\nnetworks: {wa: {profile: whatsapp}} | server.tokn: unknown key (known: bodyLimit, eventLoops, headerTimeout, host, idleTimeout, journal, maxChats, port, requestTimeout, tls, token, workQueue, workers)",
        "server: {maxChats: 0}\\nnetworks: {wa: {profile: whatsapp}} | server.maxChats: must be between 1 and 2147483647, got 0",
        "server: {maxChats: -5}\\nnetworks: {wa: {profile: whatsapp}} | server.maxChats: must be between 1 and 2147483647, got -5",
        "server: {maxChats: lots}\\nnetworks: {wa: {profile: whatsapp}} | server.maxChats: must be a whole number, got lots",
        "server: {maxChats: 1}\\nnetworks: {wa: {profile: whatsapp}}\\nchats: {\"!a:x\": {network: wa}, \"!b:x\": {network: wa}} | chats: 2 chats are listed, more than server.maxChats (1)",
        "defaultNetwork: nope\\nnetworks: {wa: {profile: whatsapp}} | defaultNetwork: nope is not one of the networks [wa]",
        "networks: {wa: {profile: whatsapp}}\\nchats: {\"!a:x\": {network: tg}} | chats.!a:x.network: tg is not one of the networks [wa]",
        "networks: {wa: {profile: whatsapp}}\\nchats: {\"!a:x\": {network: wa, capabilities: {file: {m.image: {max_size: -1}}}}} | chats.!a:x.capabilities.file[\"m.image\"].max_size: must not be negative, got -1",
        "networks: {wa: {profile: whatsapp}}\\nchats: {\"!a:x\": {}} | chats.!a:x.network: is required when there is no defaultNetwork",
        "networks: {wa: {profile: whatsapp, adapter: {type: webhook, url: \"${HOOK_URL}\"}}} | networks.wa.adapter.url: environment variable HOOK_URL is not set (write ${HOOK_URL:-default} for a default)",
        "networks: {} | networks: at least one network is required",
        "network: {wa: {profile: whatsapp}} | network: unknown key (known: chats, defaultNetwork, logging, matrix, networks, server, storage)",
        "logging: {format: xml}\\nnetworks: {wa: {profile: whatsapp}} | logging.format: must be one of [json, text], got xml"
      })
  void eachInvalidValueIsReportedWithItsPath(String yaml, String problem) {
    assertThatThrownBy(() -> parse(yaml.replace("\\n", "\n"), Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.problems()).contains(problem));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String yaml =
        "server: {port: x, requestTimeout: soon}\n"
            + "networks: {a: {profile: nope}, b: {profile: signal, adapter: {type: webhook, url: x}}}\n";

    assertThatThrownBy(() -> parse(yaml, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "server.port: must be a whole number, got x",
                        "server.requestTimeout: not a duration like 250ms, 5s, 2m or 1h: soon",
                        "networks.a.profile: no shipped profile named nope (see triage.jar profiles)",
                        "networks.b.adapter.url: not an http(s) URL: x"));
  }

  @Test
  void aMatrixSectionReadsTheBridgesRegistrationAndItsRooms() throws Exception {
    Path registration = dir.resolve("irc.yaml");
    Files.writeString(
        registration,
        "id: heisenbridge\nurl: http://127.0.0.1:29341\nas_token: AS\nhs_token: HS\n"
            + "sender_localpart: heisenbridge\n"
            + "namespaces: {users: [{regex: '@irc_.*', exclusive: true}], aliases: [], rooms: []}\n");
    TriageConfig config =
        parse(
            "networks: {wa: {profile: whatsapp}}\n"
                + "matrix:\n"
                + "  homeserver: http://127.0.0.1:8008\n"
                + "  domain: triage.test\n"
                + "  bridges:\n"
                + "    irc:\n"
                + "      registration: \""
                + registration
                + "\"\n"
                + "      url: http://127.0.0.1:9898\n"
                + "      profile: irc\n"
                + "      rooms: [{match: '!slack.*', profile: slack}]\n",
            Map.of());

    MatrixConfig matrix = config.matrix();
    MatrixConfig.Bridge irc = matrix.bridges().get("irc");
    assertThat(matrix.port()).isEqualTo(29341);
    assertThat(matrix.statusEvents()).isTrue();
    assertThat(matrix.errorNotices()).isTrue();
    assertThat(matrix.degradeStatus()).isFalse();
    assertThat(irc.registration().owns("@irc_ngircd_bob:triage.test")).isTrue();
    assertThat(irc.registration().owns("@heisenbridge:triage.test")).isTrue();
    assertThat(irc.registration().owns("@alice:triage.test")).isFalse();
    assertThat(irc.registration().toString()).doesNotContain("HS").doesNotContain("AS,");
    assertThat(irc.configured("!slack1:x")).isEqualTo(ShippedProfiles.get("slack").orElseThrow());
    assertThat(irc.configured("!other:x")).isEqualTo(ShippedProfiles.get("irc").orElseThrow());
    assertThat(matrix.bridgeByHsToken("HS")).contains(irc);
    assertThat(matrix.bridgeByHsToken("AS")).isEmpty();
  }

  @Test
  void aMatrixSectionNamesEachProblem() {
    assertThatThrownBy(
            () ->
                parse(
                    "networks: {wa: {profile: whatsapp}}\n"
                        + "matrix:\n"
                        + "  homeserver: ftp://x\n"
                        + "  bridges:\n"
                        + "    irc: {registration: /nonexistent.yaml, profile: irc,"
                        + " rooms: [{match: '(', profile: slack}]}\n",
                    Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        "matrix.homeserver: not an http(s) URL: ftp://x",
                        "matrix.bridges.irc.url: is required (where the bridge itself listens)",
                        "matrix.bridges.irc.rooms[0].match: not a regular expression: Unclosed group")
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("matrix.bridges.irc.registration: cannot read")));
  }

  @Test
  void notYamlAndMissingFilesAreReported() {
    assertThatThrownBy(() -> parse("networks: [unclosed", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML at line");
    assertThatThrownBy(() -> ConfigLoader.withEnvironment(Map.of()).load(dir.resolve("none.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void aFailedReloadKeepsTheRunningConfiguration() throws IOException, ConfigException {
    Path file = dir.resolve("triage.yaml");
    Files.writeString(file, "networks: {wa: {profile: whatsapp}}\ndefaultNetwork: wa\n");
    ReloadableConfig config = new ReloadableConfig(ConfigLoader.withEnvironment(Map.of()), file);
    TriageConfig first = config.current();

    Files.writeString(file, "networks: {wa: {profile: whatsapp}}\ndefaultNetwork: tg\n");
    ReloadableConfig.Reload failed = config.reload();

    assertThat(failed.applied()).isFalse();
    assertThat(failed.problems())
        .containsExactly("defaultNetwork: tg is not one of the networks [wa]");
    assertThat(config.current()).isSameAs(first);

    Files.writeString(file, "networks: {tg: {profile: telegram}}\ndefaultNetwork: tg\n");
    assertThat(config.reload().applied()).isTrue();
    assertThat(config.current().defaultNetwork()).isEqualTo("tg");
  }

  @Test
  void secretsAreNeverShown() throws ConfigException {
    TriageConfig config =
        parse(
            "server: {token: hunter2}\nnetworks: {wa: {profile: whatsapp, adapter: {type: webhook, url: 'http://h', secret: s3cr3t}}}\n",
            Map.of());

    assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("s3cr3t");
  }

  @Test
  void embeddedDefaultsHaveADefaultNetworkAndEveryProfile() {
    TriageConfig embedded = TriageConfig.embedded();

    assertThat(embedded.defaultNetwork()).isEqualTo("default");
    assertThat(embedded.networks()).containsKeys("default", "whatsapp", "signal.group");
    assertThat(embedded.networks().values())
        .allSatisfy(n -> assertThat(n.adapter().type()).isEqualTo("loopback"));
  }
}
