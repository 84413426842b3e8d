package dev.triage.bench;

import dev.triage.action.Attachment;
import dev.triage.action.Edit;
import dev.triage.action.Message;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.config.ShippedProfiles;
import dev.triage.format.FormattingFeature;
import dev.triage.format.TextSplitter;
import dev.triage.rule.Mediator;
import dev.triage.verdict.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
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
 * The decision path, single-threaded. Run every benchmark, as {@code engine/bench/run.sh} does:
 *
 * <pre>
 * mvn -B -q package -DskipTests -pl engine/bench -am
 * java -jar engine/bench/target/benchmarks.jar DecisionBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * java -jar engine/bench/target/benchmarks.jar 'DecisionBenchmark.forwardPlainText' -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {
  /** 2026-11-25T12:00:00Z. */
  private static final long NOW = 1_795_608_000_000L;

  private final Mediator mediator =
      Mediator.create(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
  private final Capabilities whatsapp = ShippedProfiles.get("whatsapp").orElseThrow();
  private final Message plain =
      Message.text("Are we still on for lunch at noon? I can book a table.");
  private final Edit oldEdit = new Edit(null, null, "$m", NOW - 3_600_000, 0, "fixed", null);
  private final Message photo =
      Message.file(
          new Attachment(
              Attachment.IMAGE,
              "image/jpeg",
              2_000_000L,
              1920,
              1080,
              null,
              "a.jpg",
              "mxc://x/y",
              false));
  private final Message video =
      Message.text("look")
          .withAttachment(
              new Attachment(
                  Attachment.VIDEO, "video/mp4", 20_000_000L, 1280, 720, 12.0, null, null, false));

  /** 1 KiB of HTML using six features: bold, italic, inline code, a link, a list, a quote. */
  static final String HTML_1K;

  static {
    StringBuilder html = new StringBuilder();
    while (html.length() < 1000) {
      html.append("<p>Meeting notes: <b>decided</b> to <i>ship</i> the <code>v2</code> build, see ")
          .append("<a href=\"https://example.org/plan\">the plan</a>.</p>")
          .append("<ul><li>review</li><li>release</li></ul><blockquote>ship it</blockquote>");
    }
    HTML_1K = html.toString();
  }

  private final Capabilities allSupported = withFormatting(Map.of());
  private final Capabilities someUnsupported =
      withFormatting(
          Map.of(
              FormattingFeature.INLINE_LINK, Level.UNSUPPORTED,
              FormattingFeature.UNORDERED_LIST, Level.UNSUPPORTED,
              FormattingFeature.INLINE_CODE, Level.DROPPED));
  private final Message html = Message.text("see html").withText("see html", HTML_1K);
  private final Message markdown =
      Message.markdown(
          "Meeting notes: **decided** to _ship_ the `v2` build, see [the plan](https://example.org/plan).\n\n"
              + "- review\n- release\n\n> ship it\n");

  /** 10 KiB of text with emoji, split into parts of 2,000 code points. */
  static final String TEXT_10K;

  static {
    StringBuilder text = new StringBuilder();
    while (text.length() < 10_240) {
      text.append("The quick brown fox 🦊 jumps over the lazy dog 🐕‍🦺. ");
      if (text.length() % 700 < 60) {
        text.append("\n\n");
      }
    }
    TEXT_10K = text.toString();
  }

  private static Capabilities withFormatting(Map<FormattingFeature, Level> changes) {
    Capabilities.Builder caps = Capabilities.builder().maxTextLength(65536);
    for (FormattingFeature feature : FormattingFeature.values()) {
      caps.formatting(feature.key(), changes.getOrDefault(feature, Level.FULL));
    }
    return caps.build();
  }

  @Benchmark
  public Verdict forwardPlainText() {
    return mediator.mediate(plain, whatsapp);
  }

  /**
   * The same decision written by hand as a few ifs and map lookups: the floor against which the
   * engine's overhead is a ratio.
   */
  @Benchmark
  public boolean inlineBaseline() {
    Message m = plain;
    if (m.replyTo() != null
        || m.threadRoot() != null
        || m.html() != null
        || m.attachment() != null) {
      return false;
    }
    int max = whatsapp.maxTextLength();
    return max == 0 || m.text().codePointCount(0, m.text().length()) <= max;
  }

  @Benchmark
  public Verdict rejectEditTooOld() {
    return mediator.mediate(oldEdit, whatsapp);
  }

  @Benchmark
  public Verdict attachmentChecks() {
    mediator.mediate(photo, whatsapp);
    return mediator.mediate(video, whatsapp);
  }

  @Benchmark
  public Verdict htmlAllSupported() {
    return mediator.mediate(html, allSupported);
  }

  @Benchmark
  public Verdict htmlDegrade() {
    return mediator.mediate(html, someUnsupported);
  }

  @Benchmark
  public Verdict markdownDegrade() {
    return mediator.mediate(markdown, someUnsupported);
  }

  @Benchmark
  public List<String> splitLongText() {
    return TextSplitter.split(TEXT_10K, 2000);
  }
}
