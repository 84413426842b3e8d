package dev.triage.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.action.Message;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.config.ShippedProfiles;
import dev.triage.format.FormattingFeature;
import dev.triage.json.TriageJson;
import dev.triage.matrix.MatrixMediator;
import dev.triage.matrix.MatrixReader;
import dev.triage.matrix.RelatedEvents;
import dev.triage.rule.Mediator;
import dev.triage.verdict.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Matrix events in, Matrix events out, single-threaded: an event's bytes parsed, read into its
 * action, decided, written back as Matrix and serialized, as {@code POST /v1/matrix/mediate} does
 * but for HTTP. {@code decideOnly} is the same plain text as an action, decided alone: the
 * dialect's cost is the difference.
 *
 * <pre>
 * mvn -B -q package -DskipTests -pl engine/bench -am
 * java -jar engine/bench/target/benchmarks.jar MatrixBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * java -jar engine/bench/target/benchmarks.jar 'MatrixBenchmark.plainTextForward' -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MatrixBenchmark {
  /** 2026-11-25T12:00:00Z. */
  private static final long NOW = 1_795_608_000_000L;

  /** A text message as Synapse delivers it to an appservice (recorded, ids shortened). */
  private static final byte[] PLAIN =
      ("{\"age\":82,\"content\":{\"body\":\"Are we still on for lunch at noon? I can book a"
              + " table.\",\"msgtype\":\"m.text\",\"m.mentions\":{}},\"event_id\":"
              + "\"$X9lAD1tkIvIOj9v_kyixnxntlqohNVt6Q0bmRdv-zPQ\",\"origin_server_ts\":"
              + "1795680416226,\"room_id\":\"!qMtZd8FCHep9iKeagSBvx5BQb60BLsZ4GXUJN5ZD6c4\","
              + "\"sender\":\"@carol:triage.test\",\"type\":\"m.room.message\",\"unsigned\":"
              + "{\"age\":82,\"transaction_id\":\"c1974765-5f45-4a0f-a1cf-3b17d37c1ff8\"},"
              + "\"user_id\":\"@carol:triage.test\"}")
          .getBytes(StandardCharsets.UTF_8);

  /** The same with 1 KiB of HTML (DecisionBenchmark's) as its formatted body. */
  private static final byte[] HTML;

  static {
    JsonNode event = TriageJson.parse(PLAIN);
    ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("content"))
        .put("format", "org.matrix.custom.html")
        .put("formatted_body", DecisionBenchmark.HTML_1K);
    HTML = TriageJson.toJson(event).getBytes(StandardCharsets.UTF_8);
  }

  private final Mediator mediator =
      Mediator.create(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
  private final MatrixMediator matrix = MatrixMediator.create(mediator);
  private final Capabilities whatsapp = ShippedProfiles.get("whatsapp").orElseThrow();
  private final Capabilities someUnsupported;

  {
    Capabilities.Builder caps = Capabilities.builder().maxTextLength(65536);
    for (FormattingFeature feature : FormattingFeature.values()) {
      caps.formatting(feature.key(), Level.FULL);
    }
    caps.formatting(FormattingFeature.INLINE_LINK.key(), Level.UNSUPPORTED)
        .formatting(FormattingFeature.UNORDERED_LIST.key(), Level.UNSUPPORTED)
        .formatting(FormattingFeature.INLINE_CODE.key(), Level.DROPPED);
    someUnsupported = caps.build();
  }

  private final Message plainAction =
      Message.text("Are we still on for lunch at noon? I can book a table.");

  private String answer(byte[] event, Capabilities caps) {
    return TriageJson.toJson(
        matrix
            .mediate(MatrixReader.read(TriageJson.parse(event), RelatedEvents.none()), caps)
            .toJson());
  }

  @Benchmark
  public String plainTextForward() {
    return answer(PLAIN, whatsapp);
  }

  @Benchmark
  public String htmlDegrade() {
    return answer(HTML, someUnsupported);
  }

  @Benchmark
  public Verdict decideOnly() {
    return mediator.mediate(plainAction, whatsapp);
  }
}
