package dev.triage.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Properties of formatting over HTML drawn from a grammar of every Matrix-spec tag and attribute,
 * nested at random, mixed with hostile fragments (event handlers, javascript:, data: and vbscript:
 * links, comments, doctypes, processing instructions, duplicate attributes, unterminated and
 * mis-nested tags, entities), at random levels (-2 to 2) for every formatting feature:
 *
 * <ul>
 *   <li>a degrade loses no word of the visible text;
 *   <li>no HTML sent holds a tag, attribute or link scheme outside the allowlist, nor a comment,
 *       doctype or processing instruction, read as a fragment or as a document, and a parser reads
 *       it back as the tree it was written from;
 *   <li>a spoiler's content never shows in clear;
 *   <li>the fast path sends byte for byte what the DOM path sends;
 *   <li>the Markdown sent never holds raw HTML.
 * </ul>
 */
final class HostileHtmlProperties {
  /** Tokens that stand inside spoilers only: their content, never to be shown. */
  private static final List<String> SECRETS = List.of("SECRETa", "SECRETb", "SECRETc");

  private static final Pattern SECRET = Pattern.compile("SECRET[a-z]");

  private static final Parser COMMONMARK = Parser.builder().build();
  private static final HtmlRenderer PERMISSIVE = HtmlRenderer.builder().build();

  // ---- What is drawn ----

  @Provide
  Arbitrary<String> html() {
    return node(3, true).list().ofMinSize(1).ofMaxSize(4).map(nodes -> String.join("", nodes));
  }

  /**
   * Mostly spec HTML, much of it nested as the fast path's grammar allows, with a hostile fragment
   * now and then: where the fast path is tried.
   */
  @Provide
  Arbitrary<String> mostlySpec() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, html()),
        Tuple.of(
            1,
            node(3, false).list().ofMinSize(1).ofMaxSize(4).map(nodes -> String.join("", nodes))),
        Tuple.of(3, flow(3).list().ofMinSize(1).ofMaxSize(4).map(nodes -> String.join("", nodes))));
  }

  /** Text-level content, as the fast path's grammar nests it. */
  private static Arbitrary<String> phrasing(int depth) {
    if (depth == 0) {
      return specWord();
    }
    Arbitrary<String> inner =
        phrasing(depth - 1).list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("", l));
    return Arbitraries.frequencyOf(
        Tuple.of(4, specWord()),
        Tuple.of(
            4,
            Combinators.combine(
                    Arbitraries.of(
                        "b", "strong", "i", "em", "u", "del", "s", "strike", "sup", "sub", "code"),
                    inner)
                .as((t, content) -> "<" + t + ">" + content + "</" + t + ">")),
        Tuple.of(
            2,
            Combinators.combine(
                    Arbitraries.of(
                        "span data-mx-spoiler",
                        "span data-mx-spoiler=\"why\"",
                        "span data-mx-color=\"#ff0000\" data-mx-bg-color=\"#00ff00\"",
                        "span data-mx-maths=\"x^2\"",
                        "font color=\"#0000ff\""),
                    inner)
                .as((t, content) -> "<" + t + ">" + content + "</" + t.split(" ")[0] + ">")),
        Tuple.of(
            2,
            Combinators.combine(
                    Arbitraries.of(
                        "https://example.org/p",
                        "https://example.org/?a=1&amp;b=&quot;2&quot;",
                        "https://matrix.to/#/@u:example.org",
                        "matrix:r/room:example.org/e/ev"),
                    Arbitraries.of("", " target=\"_blank\""),
                    inner)
                .as((h, t, content) -> "<a href=\"" + h + "\"" + t + ">" + content + "</a>")),
        Tuple.of(
            1,
            Arbitraries.of(
                "<br>",
                "<br/>",
                "<br />",
                "<img data-mx-emoticon src=\"mxc://example.org/e\" alt=\":e:\" title=\":e:\">",
                "<img data-mx-emoticon=\"\" src=\"mxc://example.org/e\" height=\"32\" />")));
  }

  /** Any content, as the fast path's grammar nests it. */
  private static Arbitrary<String> flow(int depth) {
    if (depth == 0) {
      return phrasing(1);
    }
    Arbitrary<String> inner =
        flow(depth - 1).list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("", l));
    Arbitrary<String> text =
        phrasing(depth - 1).list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("", l));
    return Arbitraries.frequencyOf(
        Tuple.of(3, phrasing(depth - 1)),
        Tuple.of(
            3,
            Combinators.combine(Arbitraries.of("p", "h1", "h4", "pre"), text)
                .as((t, content) -> "<" + t + ">" + content + "</" + t + ">")),
        Tuple.of(
            2,
            Combinators.combine(
                    Arbitraries.of("div", "blockquote", "div data-mx-maths=\"y\""), inner)
                .as((t, content) -> "<" + t + ">" + content + "</" + t.split(" ")[0] + ">")),
        Tuple.of(
            2,
            Combinators.combine(
                    Arbitraries.of("ul", "ol", "ol start=\"3\""),
                    Arbitraries.of("", " value=\"9\""),
                    Arbitraries.of("", "\n"),
                    inner.list().ofMinSize(1).ofMaxSize(3))
                .as(
                    (list, value, ws, items) -> {
                      boolean ordered = list.startsWith("ol");
                      StringBuilder out = new StringBuilder("<" + list + ">" + ws);
                      for (String item : items) {
                        out.append("<li").append(ordered ? value : "").append('>');
                        out.append(item).append("</li>").append(ws);
                      }
                      return out.append("</").append(list.split(" ")[0]).append('>').toString();
                    })),
        Tuple.of(
            1,
            Combinators.combine(text, inner)
                .as(
                    (sum, content) ->
                        "<details><summary>" + sum + "</summary>" + content + "</details>")),
        Tuple.of(
            1,
            Combinators.combine(Arbitraries.of("", " class=\"language-go\""), text)
                .as((c, content) -> "<pre><code" + c + ">" + content + "</code></pre>")),
        Tuple.of(1, Arbitraries.of("<hr>", "<hr/>", "\n")));
  }

  private static Arbitrary<String> word() {
    return Arbitraries.of(
        "alpha",
        "beta ",
        " gamma",
        "日本",
        "مرحبا",
        "👍🏽",
        "x &amp; y",
        "1 &lt; 2",
        "3 > 2",
        "a | b",
        "@room",
        "alpha@room",
        "&#64;room",
        "&lt;script&gt;",
        "&quot;q&quot;",
        "&nbsp;nb",
        "tab\there",
        "line\nbreak",
        "  spaced  out  ");
  }

  /** Words the fast path may take as they are. */
  private static Arbitrary<String> specWord() {
    return Arbitraries.of(
        "alpha",
        "beta ",
        " gamma\n",
        "日本 👍🏽",
        "x &amp; y",
        "1 &lt; 2 &gt; 0",
        "&nbsp;nb",
        "\"q\" 'q'",
        "tab\there");
  }

  private static Arbitrary<String> hostile() {
    return Arbitraries.of(
        "<!-- comment -->",
        "<!--[if IE]><script>alert(1)</script><![endif]-->",
        "<?xml version=\"1.0\"?>",
        "<!DOCTYPE html>",
        "<![CDATA[cdata]]>",
        "<script>alert(1)</script>",
        "<style>b{}</style>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"mxc://a/b\" src=\"https://evil.example/t.png\" alt=\"pic\">",
        "<a href=\"https://ok.example\" href=\"javascript:alert(1)\">dup</a>",
        "<body onload=alert(1)>",
        "<html onmouseover=alert(1)>",
        "<frameset onload=alert(1)>",
        "</b onclick=alert(1)>",
        "<b>x</b><img src=x onerror=alert(1)",
        "<svg><script>alert(1)</script></svg>",
        "<math><mi>m</mi></math>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<textarea><b>ta</b></textarea>",
        "<template><b>tpl</b></template>",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><input value=\"v\">form</form>",
        "<marquee>marquee</marquee>",
        "<x-custom onclick=\"alert(1)\">custom</x-custom>",
        "<a href=\"JaVaScRiPt:alert(1)\">js</a>",
        "<a href=\" javascript:alert(1)\">sp</a>",
        "<a href=\"java&#x09;script:alert(1)\">tab</a>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">data</a>",
        "<a href=\"vbscript:msgbox(1)\">vb</a>",
        "<img src=\"data:image/png;base64,AAAA\" alt=\"dataimg\">",
        "<font color=\"red\" data-mx-color=\"javascript:alert(1)\">col</font>",
        "<span style=\"background:url(javascript:alert(1))\">sty</span>",
        "<code class=\"language-go onclick\">cls</code>",
        "<ol start=\"x\"><li value=\"y\">num</li></ol>",
        "<p/>",
        "<b/>",
        "</p>",
        "</br>",
        "<br/>",
        "<br />",
        "<pre>\nnl</pre>",
        "<li>stray</li>",
        "<td>cell</td>",
        "<table>tt<tr><td>tc</td></tr></table>",
        "<a href=\"https://x.org\"><a href=\"https://y.org\">nested</a></a>",
        "<b><p>bp</p></b>",
        "<b><i>bi</b></i>",
        "<p><div>pd</div></p>",
        "<mx-reply><blockquote>quoted</blockquote></mx-reply>",
        "<B ONCLICK=alert(1)>upper</B>",
        "<a href='https://single.example'>single</a>",
        "<a href=https://unquoted.example>unquoted</a>");
  }

  private static Arbitrary<String> href() {
    return Arbitraries.of(
        "https://example.org/p",
        "https://example.org/?a=1&amp;b=2",
        "https://matrix.to/#/@u:example.org",
        "https://matrix.to/#/#room:example.org",
        "https://matrix.to/#/!r:example.org/$e",
        "matrix:u/u:example.org",
        "mailto:a@example.org",
        "javascript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "");
  }

  /** A hostile attribute, or none. */
  private static Arbitrary<String> extra() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just("")),
        Tuple.of(
            1,
            Arbitraries.of(
                " onclick=\"alert(1)\"",
                " style=\"color:red\"",
                " onmouseover=alert(1)",
                " id='x'",
                " data-mx-spoiler",
                " class=\"language-go\"")));
  }

  private static Arbitrary<String> node(int depth, boolean hostile) {
    int hostility = hostile ? 2 : 0;
    Arbitrary<String> word =
        hostile ? word() : Arbitraries.frequencyOf(Tuple.of(6, specWord()), Tuple.of(1, word()));
    if (depth == 0) {
      return Arbitraries.frequencyOf(Tuple.of(3, word), Tuple.of(hostility, hostile()));
    }
    Arbitrary<String> inner =
        node(depth - 1, hostile).list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(" ", l));
    Arbitrary<String> extra = hostile ? extra() : Arbitraries.just("");
    Arbitrary<String> tag =
        Arbitraries.of(
            "b",
            "strong",
            "i",
            "em",
            "u",
            "del",
            "s",
            "strike",
            "sup",
            "sub",
            "code",
            "p",
            "div",
            "h1",
            "h3",
            "h6",
            "blockquote",
            "pre",
            "details",
            "summary",
            "caption");
    return Arbitraries.frequencyOf(
        Tuple.of(3, word),
        Tuple.of(hostility, hostile()),
        Tuple.of(
            4,
            Combinators.combine(tag, extra, inner)
                .as((t, x, content) -> "<" + t + x + ">" + content + "</" + t + ">")),
        Tuple.of(
            2,
            Combinators.combine(href(), extra, inner)
                .as((h, x, content) -> "<a href=\"" + h + "\"" + x + ">" + content + "</a>")),
        Tuple.of(
            2,
            Combinators.combine(Arbitraries.of("", "=\"plot\""), Arbitraries.of(SECRETS), inner)
                .as(
                    (reason, secret, content) ->
                        "<span data-mx-spoiler"
                            + reason
                            + ">"
                            + secret
                            + " "
                            + content
                            + "</span>")),
        Tuple.of(
            1,
            Combinators.combine(
                    Arbitraries.of(
                        " data-mx-color=\"#ff0000\"",
                        " data-mx-bg-color=\"#00ff00\"",
                        " color=\"#0000ff\"",
                        " data-mx-maths=\"x^2\"",
                        ""),
                    Arbitraries.of("span", "font"),
                    inner)
                .as((a, t, content) -> "<" + t + a + ">" + content + "</" + t + ">")),
        Tuple.of(
            1, inner.map(content -> "<div data-mx-maths=\"\\frac{1}{2}\">" + content + "</div>")),
        Tuple.of(
            2,
            Combinators.combine(
                    Arbitraries.of("ul", "ol"),
                    Arbitraries.of("", " start=\"4\"", " start=\"1\""),
                    Arbitraries.of("", " value=\"7\""),
                    inner.list().ofMinSize(1).ofMaxSize(3))
                .as(
                    (list, start, value, items) -> {
                      StringBuilder out =
                          new StringBuilder("<" + list + (list.equals("ol") ? start : "") + ">");
                      for (String item : items) {
                        out.append("<li").append(value).append('>').append(item).append("</li>");
                      }
                      return out.append("</").append(list).append('>').toString();
                    })),
        Tuple.of(
            1,
            Combinators.combine(Arbitraries.of("", " class=\"language-go\""), inner)
                .as((c, content) -> "<pre><code" + c + ">" + content + "\n  x</code></pre>")),
        Tuple.of(
            1,
            Combinators.combine(inner, inner)
                .as(
                    (a, b) ->
                        "<table><thead><tr><th>"
                            + a
                            + "</th></tr></thead><tbody><tr><td>"
                            + b
                            + "</td></tr></tbody></table>")),
        Tuple.of(
            1,
            Combinators.combine(inner, inner)
                .as(
                    (s, content) ->
                        "<details><summary>" + s + "</summary>" + content + "</details>")),
        Tuple.of(
            1,
            Arbitraries.of(
                "<hr>",
                "<br>",
                "<img data-mx-emoticon src=\"mxc://example.org/e\" alt=\":emo:\" title=\":emo:\">",
                "<img data-mx-emoticon=\"\" src=\"mxc://example.org/e\" alt=\"\">")));
  }

  @Provide
  Arbitrary<Map<FormattingFeature, Level>> levels() {
    Arbitrary<Level> level =
        Arbitraries.frequency(
            Tuple.of(1, Level.REJECTED),
            Tuple.of(3, Level.DROPPED),
            Tuple.of(4, Level.UNSUPPORTED),
            Tuple.of(2, Level.PARTIAL),
            Tuple.of(4, Level.FULL));
    FormattingFeature[] features = FormattingFeature.values();
    Arbitrary<Map<FormattingFeature, Level>> random =
        level
            .list()
            .ofSize(features.length)
            .map(
                drawn -> {
                  Map<FormattingFeature, Level> levels = new EnumMap<>(FormattingFeature.class);
                  for (int i = 0; i < features.length; i++) {
                    levels.put(features[i], drawn.get(i));
                  }
                  return levels;
                });
    // Everything at 2 but the spoiler: where the fast path may answer.
    Arbitrary<Map<FormattingFeature, Level>> full =
        Arbitraries.of(Level.values())
            .map(
                spoiler -> {
                  Map<FormattingFeature, Level> levels = new EnumMap<>(FormattingFeature.class);
                  for (FormattingFeature feature : features) {
                    levels.put(feature, Level.FULL);
                  }
                  levels.put(FormattingFeature.SPOILER, spoiler);
                  return levels;
                });
    return Arbitraries.frequencyOf(Tuple.of(1, full), Tuple.of(3, random));
  }

  /** Every feature at 2 more often than not: where the fast path answers. */
  @Provide
  Arbitrary<Map<FormattingFeature, Level>> mostlyFull() {
    Map<FormattingFeature, Level> full = new EnumMap<>(FormattingFeature.class);
    for (FormattingFeature feature : FormattingFeature.values()) {
      full.put(feature, Level.FULL);
    }
    return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(full)), Tuple.of(1, levels()));
  }

  private static Capabilities caps(Map<FormattingFeature, Level> levels) {
    Capabilities.Builder builder = Capabilities.builder();
    levels.forEach((feature, level) -> builder.formatting(feature.key(), level));
    return builder.build();
  }

  // ---- The properties ----

  @Property(tries = 500)
  void aDegradeLosesNoWordOfTheVisibleText(
      @ForAll("html") String html, @ForAll("levels") Map<FormattingFeature, Level> levels) {
    Formatted formatted = HtmlFormatter.format(html, HtmlFormatter.plainText(html), caps(levels));
    if (formatted.rejection() != null) {
      return;
    }

    for (String word : visibleWords(html)) {
      assertThat(formatted.text()).as("%s in the text of %s", word, html).contains(word);
    }
  }

  @Property(tries = 500)
  void noHtmlSentHoldsAnythingOutsideTheAllowlist(
      @ForAll("html") String html, @ForAll("levels") Map<FormattingFeature, Level> levels) {
    Formatted formatted = HtmlFormatter.format(html, "text", caps(levels));
    if (formatted.html() == null) {
      return;
    }

    Allowlist.assertAllowed(formatted.html());
    assertThat(HtmlFormatter.innerHtml(HtmlFormatter.parse(formatted.html())))
        .as("reads back as itself")
        .isEqualTo(formatted.html());
    for (HtmlSplitter.Part part : HtmlSplitter.split(formatted.html(), 40, true)) {
      if (part.html() != null) {
        Allowlist.assertAllowed(part.html());
        assertThat(HtmlFormatter.innerHtml(HtmlFormatter.parse(part.html())))
            .as("a part reads back as itself")
            .isEqualTo(part.html());
      }
    }
  }

  @Property(tries = 500)
  void aSpoilersContentNeverShowsInClear(
      @ForAll("html") String html, @ForAll("levels") Map<FormattingFeature, Level> levels) {
    Set<String> hidden = hiddenSecrets(html);
    Formatted formatted = HtmlFormatter.format(html, HtmlFormatter.plainText(html), caps(levels));
    boolean spoilersKept = levels.get(FormattingFeature.SPOILER).isSupported();
    if (!hidden.isEmpty() && !spoilersKept) {
      assertThat(formatted.rejection()).as("a spoiler below level 1 in %s", html).isNotNull();
    }
    if (formatted.rejection() != null) {
      return;
    }

    for (String secret : hidden) {
      assertThat(formatted.text()).as("the text of %s", html).doesNotContain(secret);
      if (formatted.html() != null && !spoilersKept) {
        assertThat(formatted.html()).doesNotContain(secret);
      }
    }
    if (formatted.html() != null) {
      Element sent = Jsoup.parseBodyFragment(formatted.html()).body();
      for (TextNode text : sent.select("*").textNodes()) {
        Matcher m = SECRET.matcher(text.getWholeText());
        while (m.find()) {
          if (hidden.contains(m.group())) {
            assertThat(((Element) text.parent()).closest("span[data-mx-spoiler]"))
                .as("%s stays in a spoiler in %s", m.group(), formatted.html())
                .isNotNull();
          }
        }
      }
    }
  }

  @Property(tries = 500)
  void theFastPathSendsByteForByteWhatTheDomPathSends(
      @ForAll("mostlySpec") String html,
      @ForAll("mostlyFull") Map<FormattingFeature, Level> levels) {
    Capabilities caps = caps(levels);

    FastScan.Unchanged fast = FastScan.scan(html, caps);
    Formatted dom = HtmlFormatter.formatWithDom(html, "text", caps);

    if (fast != null) {
      assertThat(dom.changed()).as("the DOM path changes %s", html).isFalse();
      assertThat(dom.rejection()).isNull();
      assertThat(fast.used()).isEqualTo(dom.used());
      assertThat(fast.html()).as("what is sent for %s", html).isEqualTo(dom.html());
    }
    Statistics.collect(fast != null ? "fast path" : "DOM path");
  }

  @Provide
  Arbitrary<String> markdown() {
    Arbitrary<String> syntax =
        Arbitraries.of(
            "**b**",
            "_i_",
            "~~s~~",
            "`c`",
            "``c ` d``",
            "\n```\nfenced ``` <b>x</b>\n```\n",
            "\n> ",
            "\n- ",
            "\n1. ",
            "[t](https://example.org)",
            "[j](javascript:alert(1))",
            "<https://example.org>",
            "![img](https://evil.example/x.png)",
            "\n\n",
            "\n",
            "\\<",
            "&lt;",
            "| a | b |\n|---|---|\n| 1 | 2 |\n");
    return Arbitraries.oneOf(syntax, node(2, true))
        .list()
        .ofMinSize(1)
        .ofMaxSize(6)
        .map(parts -> String.join(" ", parts))
        .filter(text -> !text.isBlank());
  }

  @Property(tries = 300)
  void theMarkdownSentNeverHoldsRawHtml(
      @ForAll("markdown") String markdown, @ForAll("levels") Map<FormattingFeature, Level> levels) {
    Formatted formatted = MarkdownFormatter.format(markdown, caps(levels));
    if (formatted.rejection() != null) {
      return;
    }

    assertThat(rawHtml(formatted.text())).as("raw HTML in %s", formatted.text()).isFalse();
    Allowlist.assertAllowed(PERMISSIVE.render(COMMONMARK.parse(formatted.text())));
  }

  // ---- Reading the input as a receiver would ----

  /** The sanitized body a receiver would see. */
  private static Element sanitized(String html) {
    Element body = HtmlFormatter.parseInput(html, "html");
    Sanitizer.sanitize(body);
    return body;
  }

  /**
   * The words of the text jsoup reads from the sanitized input, by text node, but a spoiler's
   * content (never shown), maths (sent as its LaTeX source at level 0) and a reply's fallback quote
   * (not the message's text).
   */
  private static List<String> visibleWords(String html) {
    List<String> words = new ArrayList<>();
    collect(sanitized(html), words);
    return words;
  }

  private static void collect(Element e, List<String> words) {
    for (Node child : e.childNodes()) {
      if (child instanceof TextNode) {
        for (String word : ((TextNode) child).getWholeText().split("[\\s\\u00a0]+")) {
          if (!word.isEmpty()) {
            words.add(word);
          }
        }
      } else if (child instanceof Element) {
        Element element = (Element) child;
        if (!Tags.isSpoiler(element)
            && !element.hasAttr("data-mx-maths")
            && !element.normalName().equals("mx-reply")) {
          collect(element, words);
        }
      }
    }
  }

  /** The secrets that stand only inside spoilers in the sanitized input. */
  private static Set<String> hiddenSecrets(String html) {
    Set<String> inside = new HashSet<>();
    Set<String> outside = new HashSet<>();
    Element body = sanitized(html);
    for (TextNode text : body.select("*").textNodes()) {
      Matcher m = SECRET.matcher(text.getWholeText());
      boolean inSpoiler =
          text.parent() instanceof Element
              && ((Element) text.parent()).closest("span[data-mx-spoiler]") != null;
      while (m.find()) {
        (inSpoiler ? inside : outside).add(m.group());
      }
    }
    inside.removeAll(outside);
    return inside;
  }

  private static boolean rawHtml(String markdown) {
    boolean[] found = {false};
    COMMONMARK
        .parse(markdown)
        .accept(
            new AbstractVisitor() {
              @Override
              public void visit(HtmlInline htmlInline) {
                found[0] = true;
              }

              @Override
              public void visit(HtmlBlock htmlBlock) {
                found[0] = true;
              }
            });
    return found[0];
  }
}
