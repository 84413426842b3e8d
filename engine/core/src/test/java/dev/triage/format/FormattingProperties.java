package dev.triage.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/** Properties of formatting and splitting over random text, HTML and capability levels. */
final class FormattingProperties {
  private static final Pattern CLUSTER = Pattern.compile("\\X");

  /** Features whose levels are drawn at random; spoilers and -2 are covered elsewhere. */
  private static final List<FormattingFeature> DRAWN =
      List.of(
          FormattingFeature.BOLD,
          FormattingFeature.ITALIC,
          FormattingFeature.UNDERLINE,
          FormattingFeature.STRIKETHROUGH,
          FormattingFeature.INLINE_CODE,
          FormattingFeature.CODE_BLOCK,
          FormattingFeature.BLOCKQUOTE,
          FormattingFeature.INLINE_LINK,
          FormattingFeature.USER_LINK,
          FormattingFeature.UNORDERED_LIST,
          FormattingFeature.ORDERED_LIST,
          FormattingFeature.LIST_START,
          FormattingFeature.HEADERS,
          FormattingFeature.SUPERSCRIPT,
          FormattingFeature.SUBSCRIPT,
          FormattingFeature.HORIZONTAL_LINE,
          FormattingFeature.TABLE);

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.of(
            "a",
            "b",
            "ü",
            "日",
            "本",
            "مر",
            " ",
            " ",
            "\n",
            "\n\n",
            ". ",
            "! ",
            "👍🏽",
            "🇩🇪",
            "👩\u200D👩\u200D👧\u200D👦",
            "e\u0301",
            "😀",
            "word ",
            "longerword")
        .list()
        .ofMinSize(1)
        .ofMaxSize(120)
        .map(parts -> String.join("", parts));
  }

  @Property(tries = 300)
  void splitPartsFitAndKeepEveryClusterInOrder(
      @ForAll("texts") String text, @ForAll @IntRange(min = 8, max = 60) int max) {
    Assume.that(TextSplitter.length(text) > max);

    List<String> parts = TextSplitter.split(text, max);

    for (String part : parts) {
      assertThat(TextSplitter.length(part)).isLessThanOrEqualTo(max);
      assertThat(part).isNotBlank();
    }
    List<String> joined = new ArrayList<>();
    parts.forEach(part -> joined.addAll(clusters(part)));
    assertThat(joined).isEqualTo(clusters(text));
  }

  @Provide
  Arbitrary<String> html() {
    return node(3).list().ofMinSize(1).ofMaxSize(4).map(nodes -> String.join("", nodes));
  }

  private Arbitrary<String> node(int depth) {
    Arbitrary<String> word =
        Arbitraries.of("alpha", "beta", "gamma", "日本", "مرحبا", "👍🏽", "x & y", "1 < 2", "@room");
    if (depth == 0) {
      return word;
    }
    Arbitrary<String> inner =
        node(depth - 1).list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(" ", l));
    return Arbitraries.oneOf(
        word,
        Combinators.combine(
                Arbitraries.of("b", "i", "u", "del", "sup", "sub", "code", "h2", "p", "blockquote"),
                inner)
            .as((tag, content) -> "<" + tag + ">" + content + "</" + tag + ">"),
        inner.map(content -> "<a href=\"https://example.org/p\">" + content + "</a>"),
        inner.map(content -> "<a href=\"https://matrix.to/#/@u:example.org\">" + content + "</a>"),
        inner.list().ofMinSize(1).ofMaxSize(3).map(items -> list("ul", items, "")),
        inner.list().ofMinSize(1).ofMaxSize(3).map(items -> list("ol", items, " start=\"4\"")),
        word.map(w -> "<pre><code>" + w + "\n  " + w + "</code></pre>"),
        word.map(w -> "<table><tr><td>" + w + "</td><td>" + w + "</td></tr></table>"),
        Arbitraries.just("<hr>"));
  }

  private static String list(String tag, List<String> items, String attributes) {
    StringBuilder out = new StringBuilder("<" + tag + attributes + ">");
    items.forEach(item -> out.append("<li>").append(item).append("</li>"));
    return out.append("</").append(tag).append(">").toString();
  }

  @Provide
  Arbitrary<Map<FormattingFeature, Level>> levels() {
    return Arbitraries.of(DRAWN)
        .set()
        .ofMaxSize(DRAWN.size())
        .flatMap(
            features ->
                Arbitraries.of(Level.DROPPED, Level.UNSUPPORTED, Level.PARTIAL, Level.FULL)
                    .list()
                    .ofSize(DRAWN.size())
                    .map(
                        drawn -> {
                          Map<FormattingFeature, Level> levels =
                              new java.util.EnumMap<>(FormattingFeature.class);
                          for (int i = 0; i < DRAWN.size(); i++) {
                            levels.put(DRAWN.get(i), drawn.get(i));
                          }
                          return levels;
                        }));
  }

  @Property(tries = 300)
  void degradedHtmlIsWellFormedKeepsTheTextAndUsesNothingBelowLevelOne(
      @ForAll("html") String html, @ForAll("levels") Map<FormattingFeature, Level> levels) {
    Capabilities.Builder builder = Capabilities.builder();
    levels.forEach((feature, level) -> builder.formatting(feature.key(), level));
    Capabilities caps = builder.formatting("at_room_mention", Level.FULL).build();
    String originalText = HtmlFormatter.plainText(html);

    Formatted formatted = HtmlFormatter.format(html, originalText, caps);
    String content = Jsoup.parseBodyFragment(html).body().text();

    assertThat(formatted.rejection()).isNull();
    if (formatted.html() != null) {
      // What Triage sends is always its own serialization, so it is well formed.
      Element reparsed = HtmlFormatter.parse(formatted.html());
      assertThat(HtmlFormatter.innerHtml(reparsed)).as("well formed").isEqualTo(formatted.html());
      Set<FormattingFeature> left = HtmlFormatter.features(formatted.html());
      for (FormattingFeature feature : left) {
        assertThat(caps.formattingLevel(feature.key()).isSupported())
            .as(feature.key() + " left in " + formatted.html())
            .isTrue();
      }
    }
    assertThat(isSubsequence(letters(content), letters(formatted.text())))
        .as("no text lost: %s → %s", html, formatted.text())
        .isTrue();
  }

  @Property(tries = 200)
  void splitHtmlPartsFitAndAreWellFormed(
      @ForAll("html") String html, @ForAll @IntRange(min = 12, max = 80) int max) {
    List<HtmlSplitter.Part> parts = HtmlSplitter.split(html, max, true);

    for (HtmlSplitter.Part part : parts) {
      assertThat(TextSplitter.length(part.text())).isLessThanOrEqualTo(max);
      if (part.html() != null) {
        assertThat(HtmlFormatter.innerHtml(HtmlFormatter.parse(part.html())))
            .isEqualTo(part.html());
      }
    }
    StringBuilder joined = new StringBuilder();
    parts.forEach(part -> joined.append(part.text()));
    assertThat(
            isSubsequence(
                letters(Jsoup.parseBodyFragment(html).body().text()), letters(joined.toString())))
        .as("no text lost: %s → %s", html, joined)
        .isTrue();
  }

  @Provide
  Arbitrary<Map<FormattingFeature, Level>> mostlyFull() {
    return Arbitraries.of(DRAWN)
        .set()
        .ofMaxSize(2)
        .map(
            lowered -> {
              Map<FormattingFeature, Level> levels =
                  new java.util.EnumMap<>(FormattingFeature.class);
              for (FormattingFeature feature : FormattingFeature.values()) {
                levels.put(feature, lowered.contains(feature) ? Level.UNSUPPORTED : Level.FULL);
              }
              return levels;
            });
  }

  @Property(tries = 400)
  void theFastPathOnlyEverGivesTheDomPathsAnswer(
      @ForAll("html") String html, @ForAll("mostlyFull") Map<FormattingFeature, Level> levels) {
    Capabilities.Builder builder = Capabilities.builder();
    levels.forEach((feature, level) -> builder.formatting(feature.key(), level));
    Capabilities caps = builder.build();

    FastScan.Unchanged fast = FastScan.scan(html, caps);
    Formatted dom = HtmlFormatter.formatWithDom(html, "text", caps);

    if (fast != null) {
      assertThat(dom.changed()).as("the DOM path changes %s", html).isFalse();
      assertThat(dom.rejection()).isNull();
      assertThat(fast.used()).isEqualTo(dom.used());
      assertThat(fast.html()).as("what is sent for %s", html).isEqualTo(dom.html());
    }
  }

  private static List<String> clusters(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = CLUSTER.matcher(text);
    while (m.find()) {
      if (!m.group().isBlank()) {
        out.add(m.group());
      }
    }
    return out;
  }

  /** The letters, digits and symbols of a text: what markup and whitespace changes cannot add. */
  private static String letters(String text) {
    return text.replaceAll("[\\s\\u00a0]", "");
  }

  private static boolean isSubsequence(String needle, String haystack) {
    int i = 0;
    for (int j = 0; i < needle.length() && j < haystack.length(); j++) {
      if (needle.charAt(i) == haystack.charAt(j)) {
        i++;
      }
    }
    return i == needle.length();
  }
}
