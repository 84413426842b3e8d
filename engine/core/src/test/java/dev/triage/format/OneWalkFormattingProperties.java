package dev.triage.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.json.InvalidInputException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The DOM path that checks limits, sanitizes and degrades in as few walks as it can (issue 19)
 * gives, for every input, exactly the answer of the implementation before it, kept in the {@code
 * Reference…} classes as the oracle: the same {@link Formatted} (HTML, text, features used, changes
 * and removals in order, rejection), the same plain text and features, and the same refusal of a
 * body past a limit.
 */
final class OneWalkFormattingProperties {
  private static final FormattingFeature[] FEATURES = FormattingFeature.values();

  /** Everything the other properties draw, and bodies at and past the limits. */
  @Provide
  Arbitrary<String> html() {
    HostileHtmlProperties hostile = new HostileHtmlProperties();
    return Arbitraries.frequencyOf(
        Tuple.of(6, hostile.html()),
        Tuple.of(4, hostile.mostlySpec()),
        Tuple.of(3, new FormattingProperties().html()),
        Tuple.of(1, nearTheLimits()));
  }

  /**
   * Bodies around {@link HtmlFormatter#MAX_HTML_ELEMENTS} and {@link HtmlFormatter#MAX_HTML_DEPTH}:
   * too many tags in the source, elements the parser makes of stray end tags, nesting, both limits
   * at once (which refusal comes first), and elements inside content that the sanitizer drops.
   */
  private static Arbitrary<String> nearTheLimits() {
    int elements = HtmlFormatter.MAX_HTML_ELEMENTS;
    int depth = HtmlFormatter.MAX_HTML_DEPTH;
    Arbitrary<String> opening =
        Arbitraries.of("", "<p>a</p>", "<svg>", "<template>", "<script>x</script>", "<marquee>");
    Arbitrary<String> unit =
        Arbitraries.of("<div>", "<b>", "<blockquote>", "</p>", "<br>", "<i>x</i>", "<ul><li>");
    Arbitrary<Integer> count =
        Arbitraries.of(
            depth - 2,
            depth - 1,
            depth,
            depth + 1,
            depth + 9,
            elements / 2,
            elements - 1,
            elements,
            elements + 1);
    Arbitrary<String> tail = Arbitraries.of("", "tail", "<div><div><b>deep</b></div></div>");
    return Combinators.combine(opening, unit, count, tail).as((o, u, n, t) -> o + u.repeat(n) + t);
  }

  /** Every formatting feature at a level from -2 to 2, or what the other properties draw. */
  @Provide
  Arbitrary<Map<FormattingFeature, Level>> levels() {
    Arbitrary<Map<FormattingFeature, Level>> uniform =
        Arbitraries.of(Level.values())
            .list()
            .ofSize(FEATURES.length)
            .map(
                drawn -> {
                  Map<FormattingFeature, Level> levels = new EnumMap<>(FormattingFeature.class);
                  for (int i = 0; i < FEATURES.length; i++) {
                    levels.put(FEATURES[i], drawn.get(i));
                  }
                  return levels;
                });
    // Few features below 2 at a time: where rejections do not cut the walk short.
    Arbitrary<Map<FormattingFeature, Level>> mostlyKept =
        Arbitraries.of(FEATURES)
            .set()
            .ofMaxSize(4)
            .flatMap(
                lowered ->
                    Arbitraries.of(Level.DROPPED, Level.UNSUPPORTED, Level.PARTIAL)
                        .list()
                        .ofSize(lowered.size())
                        .map(drawn -> lowered(lowered, drawn)));
    HostileHtmlProperties hostile = new HostileHtmlProperties();
    return Arbitraries.frequencyOf(
        Tuple.of(3, uniform),
        Tuple.of(3, mostlyKept),
        Tuple.of(2, hostile.levels()),
        Tuple.of(1, hostile.mostlyFull()),
        Tuple.of(1, new FormattingProperties().levels()));
  }

  private static Map<FormattingFeature, Level> lowered(
      Set<FormattingFeature> lowered, java.util.List<Level> drawn) {
    Map<FormattingFeature, Level> levels = new EnumMap<>(FormattingFeature.class);
    for (FormattingFeature feature : FEATURES) {
      levels.put(feature, Level.FULL);
    }
    int i = 0;
    for (FormattingFeature feature : lowered) {
      levels.put(feature, drawn.get(i++));
    }
    return levels;
  }

  @Property(tries = 3000)
  void formattingGivesTheReferenceAnswer(
      @ForAll("html") String html,
      @ForAll("levels") Map<FormattingFeature, Level> levels,
      @ForAll("fields") String field) {
    Capabilities caps = caps(levels);

    Answer<Formatted> dom =
        Answer.of(() -> new FormattingPass(caps).format(html, "the text", field));
    Answer<Formatted> reference =
        Answer.of(() -> new ReferenceFormattingPass(caps).format(html, "the text", field));

    assertThat(dom).as("the DOM path for %s", html).isEqualTo(reference);
    assertThat(Answer.of(() -> HtmlFormatter.format(html, "the text", caps, field)))
        .as("the whole path for %s", html)
        .isEqualTo(Answer.of(() -> ReferenceHtmlFormatter.format(html, "the text", caps, field)));
    Statistics.collect(
        reference.refusal != null
            ? "refused"
            : reference.value.rejection() != null
                ? "rejected"
                : reference.value.changed() ? "changed" : "unchanged");
  }

  @Property(tries = 1000)
  void plainTextAndFeaturesAreTheReferences(@ForAll("html") String html) {
    assertThat(Answer.of(() -> HtmlFormatter.plainText(html)))
        .as("the text of %s", html)
        .isEqualTo(Answer.of(() -> ReferenceHtmlFormatter.plainText(html)));
    assertThat(Answer.of(() -> HtmlFormatter.features(html)))
        .as("the features of %s", html)
        .isEqualTo(Answer.of(() -> ReferenceHtmlFormatter.features(html)));
  }

  @Provide
  Arbitrary<String> fields() {
    return Arbitraries.of("html", "text");
  }

  private static Capabilities caps(Map<FormattingFeature, Level> levels) {
    Capabilities.Builder builder = Capabilities.builder();
    levels.forEach((feature, level) -> builder.formatting(feature.key(), level));
    return builder.build();
  }

  /** A value, or the refusal in its place: equal when both are, refusals by what they say. */
  private record Answer<T>(T value, String refusal) {
    static <T> Answer<T> of(Supplier<T> call) {
      try {
        return new Answer<>(call.get(), null);
      } catch (InvalidInputException e) {
        return new Answer<>(
            null, e.path() + ": " + e.problem() + (e.isOverLimit() ? " (over limit)" : ""));
      }
    }
  }
}
