package dev.triage.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class FastScanTest {
  private static Capabilities all(Level level) {
    Capabilities.Builder caps = Capabilities.builder();
    for (FormattingFeature feature : FormattingFeature.values()) {
      caps.formatting(feature.key(), level);
    }
    return caps.build();
  }

  private static final String HTML =
      "<p>Notes: <b>decided</b> to <i>ship</i> <code>v2</code>, see <a href=\"https://example.org\">the plan</a>.</p>"
          + "<ul><li>review</li></ul><ol start=\"3\"><li value=\"5\">x</li></ol><pre><code class=\"language-go\">x</code></pre>"
          + "<blockquote>ship it</blockquote><br/>";

  @Test
  void aFullySupportedBodySkipsTheDomWithTheSameFeatures() {
    assertThat(FastScan.unchangedFeatures(HTML, all(Level.FULL)))
        .isEqualTo(HtmlFormatter.formatWithDom(HTML, "t", all(Level.FULL)).used())
        .contains(
            FormattingFeature.LIST_START,
            FormattingFeature.LIST_JUMP_VALUE,
            FormattingFeature.SYNTAX_HIGHLIGHTING);
  }

  @Test
  void aPartlySupportedFeatureNeedsTheDomPathForItsNote() {
    assertThat(FastScan.unchangedFeatures(HTML, all(Level.PARTIAL))).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<!-- hi --><b>x</b>",
        "<b class=x>x</b>",
        "<b onclick=\"x()\">x</b>",
        "<script>x</script>",
        "<a>no href</a>",
        "<img alt=\"x\">",
        "<b>x</i>",
        "<b>unclosed",
        "1 < 2",
        "<a href=\"javascript:x\">x</a>",
        "<a href=\"https://x?a=1&amp;b=2\">x</a>"
      })
  void anythingUnsureGoesToTheDomPath(String html) {
    assertThat(FastScan.unchangedFeatures(html, all(Level.FULL))).isNull();
  }

  @Test
  void atRoomNeedsItsLevelToo() {
    Capabilities caps =
        all(Level.FULL).toBuilder().formatting("at_room_mention", Level.UNSUPPORTED).build();

    assertThat(FastScan.unchangedFeatures("<b>@room</b> lunch", caps)).isNull();
    assertThat(FastScan.unchangedFeatures("<b>@room</b> lunch", all(Level.FULL)))
        .contains(FormattingFeature.AT_ROOM_MENTION);
  }
}
