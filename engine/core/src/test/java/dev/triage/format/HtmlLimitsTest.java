package dev.triage.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.action.Message;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.json.InvalidInputException;
import dev.triage.rule.Mediator;
import org.junit.jupiter.api.Test;

/** The DOM path refuses HTML past its element count and nesting depth, and names the limit. */
final class HtmlLimitsTest {
  private static final Capabilities BOLD =
      Capabilities.builder().formatting("bold", Level.FULL).build();

  @Test
  void aPathologicalRunOfOpenTagsIsRefusedNamingTheElementLimit() {
    // 900 KB: it took seconds when every one of these was parsed and unwrapped in turn.
    String html = "<font>".repeat(150_000) + "x";

    assertThatThrownBy(() -> HtmlFormatter.format(html, "x", BOLD))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.path()).isEqualTo("html");
              assertThat(e.problem()).contains("MAX_HTML_ELEMENTS").contains("10000");
            });
  }

  @Test
  void theMediatorRefusesItToo() {
    Message message =
        new Message(null, null, null, "x", "<b>".repeat(20_000) + "x", null, null, null);

    assertThatThrownBy(() -> Mediator.create().mediate(message, BOLD))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("html: ");
  }

  @Test
  void elementsThatNoTagSpellsOutCountToo() {
    // Each stray end tag of a paragraph makes an empty paragraph: 5 characters, one element.
    String html = "</p>".repeat(HtmlFormatter.MAX_HTML_ELEMENTS + 1);

    assertThatThrownBy(() -> HtmlFormatter.plainText(html))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.problem()).contains("MAX_HTML_ELEMENTS"));
  }

  @Test
  void atTheElementLimitTheBodyIsFormatted() {
    String html = "<br>".repeat(HtmlFormatter.MAX_HTML_ELEMENTS - 1) + "<b>x</b>";

    assertThat(HtmlFormatter.plainText(html)).endsWith("x");
  }

  @Test
  void nestingPastTheDepthLimitIsRefusedNamingIt() {
    int depth = HtmlFormatter.MAX_HTML_DEPTH + 1;
    String html = "<blockquote>".repeat(depth) + "x" + "</blockquote>".repeat(depth);

    assertThatThrownBy(() -> HtmlFormatter.format(html, "x", BOLD))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.path()).isEqualTo("html");
              assertThat(e.problem()).contains("MAX_HTML_DEPTH").contains("100");
            });
  }

  @Test
  void theFastPathKeepsTheLimitsToo() {
    Capabilities.Builder all = Capabilities.builder();
    for (FormattingFeature feature : FormattingFeature.values()) {
      all.formatting(feature.key(), Level.FULL);
    }
    int depth = HtmlFormatter.MAX_HTML_DEPTH + 1;
    String deep = "<b>".repeat(depth) + "x" + "</b>".repeat(depth);
    String many = "<b>x</b>".repeat(HtmlFormatter.MAX_HTML_ELEMENTS + 1);

    assertThatThrownBy(() -> HtmlFormatter.format(deep, "x", all.build()))
        .hasMessageContaining("MAX_HTML_DEPTH");
    assertThatThrownBy(() -> HtmlFormatter.format(many, "x", all.build()))
        .hasMessageContaining("MAX_HTML_ELEMENTS");
  }

  @Test
  void nestingAtTheDepthLimitIsFormatted() {
    int depth = HtmlFormatter.MAX_HTML_DEPTH;
    String html = "<blockquote>".repeat(depth) + "x" + "</blockquote>".repeat(depth);

    assertThat(HtmlFormatter.format(html, "x", BOLD).rejection()).isNull();
  }

  @Test
  void markdownThatRendersPastTheLimitsIsRefusedNamingItsText() {
    String markdown = ">".repeat(HtmlFormatter.MAX_HTML_DEPTH + 1) + " deep";

    assertThatThrownBy(() -> MarkdownFormatter.format(markdown, BOLD))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.path()).isEqualTo("text");
              assertThat(e.problem()).contains("MAX_HTML_DEPTH");
            });
  }
}
