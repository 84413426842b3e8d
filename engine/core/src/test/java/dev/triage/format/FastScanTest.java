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
        "<a href=\"https://x?a=1&b=2\">x</a>",
        "<a href=\"https://x?a=1&#38;b=2\">x</a>",
        "<body onload=alert(1)>x",
        "<html onmouseover=alert(1)>x",
        "<frameset onload=alert(1)>x",
        "<a href=\"https://ok.example\" href=\"javascript:alert(1)\">x</a>",
        "<img src=\"mxc://a/b\" src=\"https://evil.example/t.png\">",
        "<!--[if IE]><script>alert(1)</script><![endif]-->x",
        "<?xml version=\"1.0\"?>x",
        "<![CDATA[x]]>",
        "<!DOCTYPE html>x",
        "<b>x</b onclick=alert(1)>",
        "<b>x</b ><i>y</i>",
        "<b>x</b><img src=x onerror=alert(1)",
        "<b>x</b><img src=\"mxc://a/b\"",
        "<a href='https://x.org'>x</a>",
        "<a href=https://x.org>x</a>",
        "<B>x</B>",
        "<b >x</b>",
        "<a  href=\"https://x.org\">x</a>",
        "<a\nhref=\"https://x.org\">x</a>",
        "<b/>x",
        "x > y",
        "x &quot;y&quot;",
        "x &#60;y",
        "x\u00a0y",
        "x\ry",
        "<p><div>x</div></p>",
        "<b><p>x</p></b>",
        "<a href=\"https://x.org\"><a href=\"https://y.org\">x</a></a>",
        "<table><tr><td>x</td></tr></table>",
        "<mx-reply><blockquote>q</blockquote></mx-reply>x",
        "<li>x</li>",
        "<ul>x<li>y</li></ul>",
        "<div><li>x</li></div>",
        "<p><hr></p>",
        "<pre>\nx</pre>",
        "<span>x</span>",
        "<summary>x</summary>",
        "alpha@room",
        "<b>@</b>room",
        "mail me at a@example.org"
      })
  void anythingUnsureGoesToTheDomPath(String html) {
    assertThat(FastScan.unchangedFeatures(html, all(Level.FULL))).isNull();
  }

  @Test
  void atRoomIsTheDomPathsToRead() {
    // An @room mention is a word on its own, as the DOM path reads the text: "alpha@room" is none.
    assertThat(FastScan.unchangedFeatures("<b>@room</b> lunch", all(Level.FULL))).isNull();
    assertThat(HtmlFormatter.format("<b>@room</b> lunch", "t", all(Level.FULL)).used())
        .contains(FormattingFeature.AT_ROOM_MENTION);
    assertThat(HtmlFormatter.format("<b>alpha@room</b>", "t", all(Level.FULL)).used())
        .doesNotContain(FormattingFeature.AT_ROOM_MENTION);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<p>a &amp; b &lt; c &gt; d&nbsp;e \"f\" 'g'</p>",
        "<a href=\"https://x.org/?a=1&amp;b=&quot;2&quot;\">x</a>",
        "<ul>\n<li>a</li>\n<li><p>b</p><ul><li>c</li></ul></li>\n</ul>\n",
        "<blockquote>\n<p>q</p>\n</blockquote>\n<p>a<br>b</p>",
        "<details><summary>s</summary><p>x</p></details>",
        "<span data-mx-spoiler>x</span> <span data-mx-spoiler=\"why\">y</span>",
        "<img data-mx-emoticon src=\"mxc://a/b\" alt=\"\" title=\":e:\">",
        "<pre><code>\nx\n</code></pre>",
        "<h1>t</h1><hr><div data-mx-maths=\"x\">y</div>",
        "  lead <b>x</b> trail  "
      })
  void bodiesInTheGrammarAreSentByteForByteAsTheDomPathWouldSendThem(String html) {
    FastScan.Unchanged fast = FastScan.scan(html, all(Level.FULL));

    assertThat(fast).isNotNull();
    assertThat(fast.html()).isEqualTo(html);
    assertThat(HtmlFormatter.formatWithDom(html, "t", all(Level.FULL)).html()).isEqualTo(html);
  }

  @Test
  void aVoidTagsSlashIsWrittenAsTheDomPathWritesIt() {
    String html = "a<br/>b<br />c<img src=\"mxc://a/b\" alt=\"x\" /><hr/>";

    FastScan.Unchanged fast = FastScan.scan(html, all(Level.FULL));

    assertThat(fast.html()).isEqualTo("a<br>b<br>c<img src=\"mxc://a/b\" alt=\"x\"><hr>");
    assertThat(HtmlFormatter.formatWithDom(html, "t", all(Level.FULL)).html())
        .isEqualTo(fast.html());
  }
}
