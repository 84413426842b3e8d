package dev.triage.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Spelling;
import dev.triage.rule.Mediator;
import dev.triage.verdict.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Mutated capability documents and actions: wrong types, huge numbers, deep nesting, lone
 * surrogates, long strings and arrays, missing and unknown fields. Reading one either works or
 * fails with an {@link InvalidInputException} that names the problem, never anything else; what
 * reads writes back to itself, and the mediator decides on anything that reads.
 */
final class WireFormatProperties {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Mediator MEDIATOR =
      Mediator.create(Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));

  private static final List<String> CAPABILITY_SEEDS =
      List.of(
          resource("/capabilities/full.room_features.json"),
          resource("/capabilities/full.desktop.json"));

  private static final List<String> ACTION_SEEDS =
      List.of(
          "{\"type\":\"message\",\"id\":\"tx1\",\"msgtype\":\"m.emote\",\"text\":\"waves\","
              + "\"html\":\"<b>waves</b> <a href=\\\"https://example.org\\\">here</a>\","
              + "\"replyTo\":{\"messageID\":\"$q\"},\"threadRoot\":\"$t\"}",
          "{\"type\":\"message\",\"format\":\"markdown\",\"text\":\"**bold** ~~gone~~ `x`\\n> q\"}",
          "{\"type\":\"message\",\"text\":\"look\",\"attachment\":{\"msgtype\":\"m.video\","
              + "\"mimeType\":\"video/mp4\",\"size\":1048576,\"duration\":12,\"width\":640,"
              + "\"height\":480}}",
          "{\"type\":\"edit\",\"messageID\":\"$m\",\"sentAt\":1764000000000,\"editCount\":2,"
              + "\"text\":\"fixed\"}",
          "{\"type\":\"delete\",\"messageID\":\"$m\",\"sentAt\":1764000000000,"
              + "\"forEveryone\":true}",
          "{\"type\":\"reaction\",\"messageID\":\"$m\",\"key\":\"👍\",\"existing\":1}",
          "{\"type\":\"reaction\",\"messageID\":\"$m\",\"key\":\"👍\","
              + "\"existing\":[\"❤️\",\"😂\"]}",
          "{\"type\":\"poll\",\"question\":\"Lunch?\",\"options\":[\"Pizza\",\"Sushi\"],"
              + "\"maxSelections\":2}",
          "{\"type\":\"location\",\"latitude\":52.52,\"longitude\":13.405,"
              + "\"description\":\"Berlin\"}",
          "{\"type\":\"state\",\"field\":\"title\",\"value\":\"Team\",\"current\":\"Tea\"}",
          "{\"type\":\"edit\",\"messageID\":\"$m\",\"text\":\"new\",\"targetType\":\"poll\","
              + "\"attachment\":{\"msgtype\":\"m.image\",\"mimeType\":\"image/png\"}}",
          "{\"type\":\"message\",\"text\":\"hello?\",\"pendingRequest\":true}",
          "{\"type\":\"disappearingTimer\",\"timerType\":\"afterRead\",\"timer\":86400000}",
          "{\"type\":\"member\",\"action\":\"revokeInvite\",\"userID\":\"@bob:example.org\"}",
          "{\"type\":\"chat\",\"action\":\"deleteForEveryone\"}",
          "{\"type\":\"readReceipt\",\"messageID\":\"$m\"}",
          "{\"type\":\"typing\",\"typing\":false}");

  private static String resource(String name) {
    try (InputStream in = WireFormatProperties.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Provide
  Arbitrary<String> capabilitySeeds() {
    return Arbitraries.of(CAPABILITY_SEEDS);
  }

  @Provide
  Arbitrary<String> actionSeeds() {
    return Arbitraries.of(ACTION_SEEDS);
  }

  @Property(tries = 400)
  void aMutatedCapabilityDocumentReadsOrNamesItsProblem(
      @ForAll("capabilitySeeds") String seed,
      @ForAll long randomSeed,
      @ForAll @IntRange(min = 1, max = 3) int mutations) {
    Optional<Capabilities> read =
        readOrRefuse(TriageJson::readCapabilities, mutate(seed, randomSeed, mutations));
    if (read.isEmpty()) {
      return;
    }
    Capabilities capabilities = read.get();
    for (Spelling spelling : Spelling.values()) {
      String written = TriageJson.toJson(TriageJson.writeCapabilities(capabilities, spelling));
      assertThat(TriageJson.readCapabilities(written)).isEqualTo(capabilities);
    }
    for (String action : ACTION_SEEDS) {
      decides(TriageJson.readAction(action), capabilities);
    }
  }

  @Property(tries = 1000)
  void aMutatedActionReadsOrNamesItsProblem(
      @ForAll("actionSeeds") String seed,
      @ForAll long randomSeed,
      @ForAll @IntRange(min = 1, max = 3) int mutations) {
    Optional<Action> read =
        readOrRefuse(TriageJson::readAction, mutate(seed, randomSeed, mutations));
    if (read.isEmpty()) {
      return;
    }
    Action action = read.get();
    assertThat(TriageJson.readAction(TriageJson.toJson(TriageJson.writeAction(action))))
        .isEqualTo(action);
    decides(action, TriageJson.readCapabilities(CAPABILITY_SEEDS.get(0)));
    decides(action, Capabilities.none());
  }

  /**
   * Reads, or checks that the refusal names its problem and gives nothing; counts which, so the run
   * shows how often a mutant gets past reading.
   */
  private static <T> Optional<T> readOrRefuse(Function<String, T> reader, String json) {
    try {
      T read = reader.apply(json);
      Statistics.collect("read");
      return Optional.of(read);
    } catch (InvalidInputException refused) {
      Statistics.collect("refused");
      assertThat(refused.getMessage()).isNotBlank();
      return Optional.empty();
    }
  }

  private static void decides(Action action, Capabilities capabilities) {
    Verdict verdict = MEDIATOR.mediate(action, capabilities);
    assertThat(verdict.decision()).isNotNull();
    assertThat(TriageJson.toJson(TriageJson.writeVerdict(verdict))).isNotEmpty();
  }

  /** Applies {@code count} random mutations to the JSON document {@code seed}. */
  private static String mutate(String seed, long randomSeed, int count) {
    SplittableRandom random = new SplittableRandom(randomSeed);
    JsonNode root = TriageJson.parse(seed);
    for (int i = 0; i < count; i++) {
      List<JsonNode> containers = new ArrayList<>();
      collect(root, containers);
      JsonNode target = containers.get(random.nextInt(containers.size()));
      if (target instanceof ObjectNode) {
        mutateObject((ObjectNode) target, random);
      } else {
        mutateArray((ArrayNode) target, random);
      }
    }
    return TriageJson.toJson(root);
  }

  private static void collect(JsonNode node, List<JsonNode> containers) {
    if (node.isContainerNode()) {
      containers.add(node);
      for (JsonNode child : node) {
        collect(child, containers);
      }
    }
  }

  private static void mutateObject(ObjectNode object, SplittableRandom random) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    int op = names.isEmpty() ? 2 : random.nextInt(6);
    switch (op) {
      case 0:
        object.set(names.get(random.nextInt(names.size())), odd(random));
        break;
      case 1:
        object.remove(names.get(random.nextInt(names.size())));
        break;
      case 2:
        object.set(random.nextBoolean() ? "unknownField" : "\uD800", odd(random));
        break;
      default: // 3 to 5: the likeliest, as real mistakes are
        // Right field, value of the right kind from elsewhere: a string where a string goes.
        String name = names.get(random.nextInt(names.size()));
        JsonNode value = object.get(name);
        // Half of these are ordinary values, so that many mutants still read and reach the
        // mediator.
        boolean ordinary = random.nextBoolean();
        if (value.isTextual()) {
          object.put(name, ordinary ? "word" + random.nextInt(1000) : oddString(random));
        } else if (value.isNumber()) {
          object.set(name, ordinary ? NODES.numberNode(ordinaryNumber(random)) : oddNumber(random));
        } else if (value.isBoolean()) {
          object.put(name, !value.booleanValue());
        } else {
          object.set(name, odd(random));
        }
    }
  }

  private static void mutateArray(ArrayNode array, SplittableRandom random) {
    if (array.isEmpty() || random.nextBoolean()) {
      array.add(odd(random));
    } else if (random.nextBoolean()) {
      array.set(random.nextInt(array.size()), odd(random));
    } else {
      array.remove(random.nextInt(array.size()));
    }
  }

  private static JsonNode odd(SplittableRandom random) {
    switch (random.nextInt(9)) {
      case 0:
        return NODES.nullNode();
      case 1:
        return NODES.booleanNode(random.nextBoolean());
      case 2:
        return NODES.textNode(oddString(random));
      case 3:
        return oddNumber(random);
      case 4:
        return NODES.objectNode().put("x", 1);
      case 5:
        return NODES.arrayNode().add("a").add(2);
      case 6:
        ArrayNode deep = NODES.arrayNode();
        ArrayNode inner = deep;
        for (int depth = 0; depth < 80; depth++) {
          inner = inner.addArray();
        }
        return deep;
      case 7:
        ArrayNode big = NODES.arrayNode();
        for (int n = 0; n < 100_000; n++) {
          big.add(n);
        }
        return big;
      default:
        return NODES.textNode("");
    }
  }

  private static String oddString(SplittableRandom random) {
    switch (random.nextInt(6)) {
      case 0:
        return "";
      case 1:
        return "\uD83D"; // a lone high surrogate
      case 2:
        return "x\uDC00y"; // a lone low surrogate
      case 3:
        return "a".repeat(100_000);
      case 4:
        return "<script>alert(1)</script>\u0000";
      default:
        return "m.image";
    }
  }

  /** A level (-2 to 2) or a plausible limit. */
  private static int ordinaryNumber(SplittableRandom random) {
    return random.nextBoolean() ? random.nextInt(5) - 2 : random.nextInt(100_000);
  }

  private static JsonNode oddNumber(SplittableRandom random) {
    switch (random.nextInt(7)) {
      case 0:
        return NODES.numberNode(-1);
      case 1:
        return NODES.numberNode(0);
      case 2:
        return NODES.numberNode(Long.MAX_VALUE);
      case 3:
        return NODES.numberNode(BigInteger.TWO.pow(80));
      case 4:
        return NODES.numberNode(new BigDecimal("1e400"));
      case 5:
        return NODES.numberNode(-3.5);
      default:
        return NODES.numberNode(Integer.MIN_VALUE);
    }
  }
}
