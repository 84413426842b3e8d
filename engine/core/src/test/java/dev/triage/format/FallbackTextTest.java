package dev.triage.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Plain-text fallbacks keep every word, however the parser nested what they flatten. */
final class FallbackTextTest {
  /** A parser mends a link around a list into links inside it, one around a list item. */
  private static final String LINK_AROUND_LIST =
      "<a href=\"https://x.org\"><ul><li>beta</li><li><a href=\"https://y.org\">alpha</a></li></ul></a>";

  private static Capabilities levels(int link, int list) {
    Capabilities.Builder caps = Capabilities.builder();
    for (FormattingFeature feature : FormattingFeature.values()) {
      caps.formatting(feature.key(), Level.FULL);
    }
    return caps.formatting("inline_link", Level.of(link))
        .formatting("unordered_list", Level.of(list))
        .build();
  }

  @ParameterizedTest(name = "link {0}, list {1}")
  @CsvSource({"0, 0", "0, 2", "2, 0", "-1, 0", "0, -1", "-1, -1", "2, 2"})
  void aListInsideALinkKeepsAllItsText(int link, int list) {
    Formatted formatted = HtmlFormatter.format(LINK_AROUND_LIST, "beta alpha", levels(link, list));

    assertThat(formatted.text()).contains("beta", "alpha");
    if (formatted.html() != null) {
      assertThat(HtmlFormatter.plainText(formatted.html())).contains("beta", "alpha");
    }
  }

  @ParameterizedTest(name = "table at {0}")
  @CsvSource({"0", "-1"})
  void aBarInACellsTextIsKeptWhenTheTablesBarsGo(int level) {
    Capabilities caps = levels(2, 2).toBuilder().formatting("table", Level.of(level)).build();

    Formatted formatted =
        HtmlFormatter.format(
            "<table><tbody><tr><td>a | b</td><td>c</td></tr></tbody></table>", "t", caps);

    assertThat(formatted.text()).contains("a | b").contains("c");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "<ul>stray<li>item</li></ul> | stray",
        "<ol><li>one</li>between<li>two</li></ol> | between"
      })
  void textStandingInAListIsRendered(String html, String word) {
    assertThat(HtmlFormatter.plainText(html)).contains(word);
    assertThat(MarkdownWriter.write(HtmlFormatter.parse(html))).contains(word);
  }
}
