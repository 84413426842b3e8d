package dev.triage.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Message;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.rule.Mediator;
import dev.triage.verdict.Decision;
import dev.triage.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A spoiler's content never shows in clear, wherever it is nested and whatever fallback flattens
 * what holds it: below spoiler level 1 the message is rejected (as for a spoiler at the top); at 1
 * and 2 the content stays in its spoiler in the HTML, and reads {@code [spoiler]} as text.
 */
final class SpoilerTest {
  private static final String SPOILER = "<span data-mx-spoiler>SECRET</span>";

  /** A container, and the feature whose fallback flattens it. */
  static final List<Object[]> CONTAINERS =
      List.of(
          new Object[] {"<pre><code>" + SPOILER + "</code></pre>", FormattingFeature.CODE_BLOCK},
          new Object[] {"<pre>" + SPOILER + "</pre>", FormattingFeature.CODE_BLOCK},
          new Object[] {
            "<pre><code class=\"language-go\">x " + SPOILER + "</code></pre>",
            FormattingFeature.SYNTAX_HIGHLIGHTING
          },
          new Object[] {"<code>" + SPOILER + "</code>", FormattingFeature.INLINE_CODE},
          new Object[] {"<ul><li>" + SPOILER + "</li></ul>", FormattingFeature.UNORDERED_LIST},
          new Object[] {
            "<ol start=\"3\"><li>" + SPOILER + "</li></ol>", FormattingFeature.LIST_START
          },
          new Object[] {
            "<a href=\"https://x.org\">" + SPOILER + "</a>", FormattingFeature.INLINE_LINK
          },
          new Object[] {
            "<a href=\"https://matrix.to/#/@u:x.org\">" + SPOILER + "</a>",
            FormattingFeature.USER_LINK
          },
          new Object[] {
            "<table><tbody><tr><td>" + SPOILER + "</td></tr></tbody></table>",
            FormattingFeature.TABLE
          },
          new Object[] {"<h1>" + SPOILER + "</h1>", FormattingFeature.HEADERS},
          new Object[] {"<blockquote>" + SPOILER + "</blockquote>", FormattingFeature.BLOCKQUOTE},
          new Object[] {
            "<details><summary>s</summary>" + SPOILER + "</details>",
            FormattingFeature.DETAILS_SUMMARY
          },
          new Object[] {"<span data-mx-maths=\"x\">" + SPOILER + "</span>", FormattingFeature.MATH},
          new Object[] {"<del><b>" + SPOILER + "</b></del>", FormattingFeature.STRIKETHROUGH},
          new Object[] {
            "<span data-mx-spoiler><img data-mx-emoticon src=\"mxc://a/b\" alt=\"SECRET\"></span>",
            FormattingFeature.CUSTOM_EMOJI
          },
          new Object[] {
            "<pre><code><span data-mx-spoiler><img data-mx-emoticon src=\"mxc://a/b\""
                + " alt=\"SECRET\"></span></code></pre>",
            FormattingFeature.CODE_BLOCK
          });

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Object[] container : CONTAINERS) {
      for (Level spoiler : Level.values()) {
        for (Level level : List.of(Level.UNSUPPORTED, Level.DROPPED)) {
          out.add(Arguments.of(container[0], container[1], level, spoiler));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} with {1} at {2}, spoiler at {3}")
  @MethodSource("cases")
  void aNestedSpoilerNeverShowsInClear(
      String html, FormattingFeature feature, Level level, Level spoiler) {
    Capabilities.Builder caps = Capabilities.builder();
    for (FormattingFeature f : FormattingFeature.values()) {
      caps.formatting(f.key(), Level.FULL);
    }
    caps.formatting(feature.key(), level).formatting("spoiler", spoiler);

    Verdict verdict =
        Mediator.create()
            .mediate(
                new Message(null, null, null, "[spoiler]", html, null, null, null), caps.build());

    if (!spoiler.isSupported()) {
      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      return;
    }
    for (var action : verdict.actions()) {
      Message sent = (Message) action;
      assertThat(sent.text()).doesNotContain("SECRET");
      if (sent.html() != null) {
        assertOnlyInSpoilers(sent.html());
      }
    }
  }

  @org.junit.jupiter.api.Test
  void aSpoilerStaysASpoilerAsAReceiverParsesWhatIsSent() {
    // A marquee lets a parser nest a link in a link; once the sanitizer unwraps it, the same HTML
    // reads otherwise: a receiver's parser moves the block, and the secret, out of the spoiler.
    String html =
        "<a href=\"https://x.org\"><span data-mx-spoiler><div><marquee>"
            + "<a href=\"https://y.org\">SECRET</a></marquee></div></span></a>";
    Capabilities.Builder caps = Capabilities.builder();
    for (FormattingFeature f : FormattingFeature.values()) {
      caps.formatting(f.key(), Level.FULL);
    }

    Formatted formatted = HtmlFormatter.format(html, "[spoiler]", caps.build());

    assertThat(formatted.text()).doesNotContain("SECRET");
    if (formatted.html() != null) {
      assertOnlyInSpoilers(formatted.html());
    }
  }

  @org.junit.jupiter.api.Test
  void markdownWrittenBackNeverHoldsASpoilersContent() {
    for (Object[] container : CONTAINERS) {
      String written = MarkdownWriter.write(HtmlFormatter.parse((String) container[0]));

      assertThat(written).as("%s", container[0]).doesNotContain("SECRET");
    }
  }

  /** Every text or alt holding the secret is inside a spoiler. */
  static void assertOnlyInSpoilers(String html) {
    Element body = Jsoup.parseBodyFragment(html).body();
    for (Element e : body.getAllElements()) {
      boolean secret =
          e.textNodes().stream().map(TextNode::getWholeText).anyMatch(t -> t.contains("SECRET"))
              || e.attributes().asList().stream().anyMatch(a -> a.getValue().contains("SECRET"));
      if (secret) {
        assertThat(e.closest("span[data-mx-spoiler]"))
            .as("the secret in %s is in a spoiler", html)
            .isNotNull();
      }
    }
  }
}
