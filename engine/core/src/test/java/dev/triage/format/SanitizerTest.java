package dev.triage.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class SanitizerTest {
  private static final Capabilities ALL;

  static {
    Capabilities.Builder caps = Capabilities.builder();
    for (FormattingFeature feature : FormattingFeature.values()) {
      caps.formatting(feature.key(), Level.FULL);
    }
    ALL = caps.build();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "<script>alert(1)</script><b>hi</b> | <b>hi</b> | <script>",
        "<style>b{}</style><b>hi</b> | <b>hi</b> | <style>",
        "<b onclick=\"x()\">hi</b> | <b>hi</b> | the onclick handler",
        "<a href=\"javascript:alert(1)\">click</a> | click | a javascript: link",
        "<img src=\"https://evil.example/x.png\" alt=\"pic\"> | pic | an image that is not mxc://",
        "<marquee>moving</marquee> | moving | <marquee>",
        "<font color=\"red\">x</font> | x | the color attribute",
        "<code class=\"evil\">x</code> | <code>x</code> | the class attribute",
        "<p style=\"color:red\">x <b>y</b></p> | <p>x <b>y</b></p> | the style attribute"
      })
  void outsideTheSpecIsRemovedTextKept(String html, String expected, String removed) {
    Formatted formatted = HtmlFormatter.format(html, "ignored", ALL);

    assertThat(formatted.sanitized()).contains(removed);
    assertThat(formatted.changed()).isTrue();
    String sent = formatted.html() == null ? formatted.text() : formatted.html();
    assertThat(sent).isEqualTo(expected);
  }

  @Test
  void specHtmlPassesUntouched() {
    String html =
        "<p><b>b</b> <a href=\"https://matrix.to/#/@u:example.org\">u</a> <font data-mx-color=\"#aabbcc\">c</font>"
            + " <img data-mx-emoticon src=\"mxc://example.org/e\" alt=\":e:\"></p>"
            + "<pre><code class=\"language-rust\">fn main() {}</code></pre><ol start=\"2\"><li value=\"4\">x</li></ol>";

    Formatted formatted = HtmlFormatter.format(html, "original", ALL);

    assertThat(formatted.changed()).isFalse();
    assertThat(formatted.html()).isEqualTo(html);
    assertThat(formatted.text()).isEqualTo("original");
  }
}
