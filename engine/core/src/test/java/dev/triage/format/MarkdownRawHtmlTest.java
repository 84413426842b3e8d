package dev.triage.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Action;
import dev.triage.action.Message;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.rule.Mediator;
import dev.triage.verdict.Decision;
import dev.triage.verdict.Verdict;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Raw HTML in Markdown is HTML, sanitized and decided like {@code html}; the Markdown sent is
 * written back from the sanitized DOM, so it never holds raw HTML.
 */
final class MarkdownRawHtmlTest {
  private static final Parser COMMONMARK = Parser.builder().build();

  /** A receiver that renders raw HTML in Markdown, as Matrix clients do. */
  private static final HtmlRenderer PERMISSIVE = HtmlRenderer.builder().build();

  private static Capabilities bold(Level level) {
    return Capabilities.builder().formatting("bold", level).build();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hi <img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "**b** <img src=x onerror=alert(1)>",
        "<div onclick=\"alert(1)\">\n\n*y*\n\n</div>",
        "hi <!-- hidden --> there",
        "<b onmouseover=\"alert(1)\">b</b>",
        "text\n\n<iframe src=\"https://evil.example\"></iframe>",
        "<https://ok.example> <x-y>z</x-y>",
        // Code and link targets that would end their Markdown early, were they written as they are.
        "<pre><code>x\n```\n<script>alert(1)</script>\n```</code></pre>",
        "<code>a``b\n<b onmouseover=\"alert(1)\">c</b>``</code>",
        "`` a ` <img src=x onerror=alert(1)> ``",
        "<a href=\"https://x.org/&#10;<script>alert(1)</script>\">t</a>",
        "<a href=\"https://x.org/a)<img src=x onerror=alert(1)>\">t</a>",
        "<b>x</b>\n\n```\n<script>alert(1)</script>\n```"
      })
  void rawHtmlNeverLeavesInTheMarkdown(String markdown) {
    for (Level level : Level.values()) {
      Verdict verdict = Mediator.create().mediate(Message.markdown(markdown), bold(level));

      for (Action action : verdict.actions()) {
        Message sent = (Message) action;
        assertThat(sent.html()).isNull();
        assertThat(rawHtmlIn(sent.text())).as("raw HTML in %s", sent.text()).isFalse();
        String rendered = PERMISSIVE.render(COMMONMARK.parse(sent.text()));
        // Handlers and scripts may show as text, escaped; as markup, nothing outside the spec.
        Allowlist.assertAllowed(rendered);
      }
    }
  }

  @Test
  void rawHtmlIsMarkupSanitizedAndDecidedLikeHtml() {
    Verdict kept = Mediator.create().mediate(Message.markdown("hi <b>there</b>"), bold(Level.FULL));
    Verdict degraded =
        Mediator.create().mediate(Message.markdown("hi <b>there</b>"), bold(Level.UNSUPPORTED));
    Verdict sanitized =
        Mediator.create()
            .mediate(Message.markdown("hi <img src=x onerror=alert(1)>"), bold(Level.FULL));

    assertThat(kept.decision()).isEqualTo(Decision.FORWARD);
    assertThat(((Message) kept.actions().get(0)).text()).isEqualTo("hi **there**");
    assertThat(degraded.decision()).isEqualTo(Decision.DEGRADE);
    assertThat(((Message) degraded.actions().get(0)).text()).isEqualTo("hi there");
    assertThat(sanitized.decision()).isEqualTo(Decision.DEGRADE);
    assertThat(((Message) sanitized.actions().get(0)).text()).isEqualTo("hi");
  }

  @Test
  void markdownThatSanitizesToNothingIsSentAsItsLiteralSource() {
    Verdict verdict =
        Mediator.create().mediate(Message.markdown("<script>alert(1)</script>"), bold(Level.FULL));

    Message sent = (Message) verdict.actions().get(0);
    assertThat(sent.text()).isEqualTo("\\<script>alert(1)\\</script>");
  }

  @Test
  void aSpoilerInMarkdownIsRejectedBelowOneAndNeverWrittenOut() {
    String markdown = "a <span data-mx-spoiler>SECRET</span>";
    Capabilities kept = Capabilities.builder().formatting("spoiler", Level.FULL).build();

    Verdict rejected = Mediator.create().mediate(Message.markdown(markdown), bold(Level.FULL));
    Verdict sent = Mediator.create().mediate(Message.markdown(markdown), kept);

    assertThat(rejected.decision()).isEqualTo(Decision.REJECT);
    assertThat(sent.decision()).isEqualTo(Decision.DEGRADE);
    assertThat(((Message) sent.actions().get(0)).text()).doesNotContain("SECRET");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<del><del>alpha</del></del>",
        "<del></del> **b**",
        "<b></b>\n\ntext",
        "<i><em>x</em></i>"
      })
  void markupWrittenBackReadsAsNoOtherMarkup(String markdown) {
    // Doubled or empty markers read as a code fence (~~~~) or a rule (****).
    String sent = MarkdownFormatter.format(markdown, bold(Level.FULL)).text();

    assertThat(PERMISSIVE.render(COMMONMARK.parse(sent))).doesNotContain("<pre>", "<hr");
  }

  private static boolean rawHtmlIn(String markdown) {
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
