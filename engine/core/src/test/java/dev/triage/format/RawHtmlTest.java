package dev.triage.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.action.Message;
import dev.triage.capability.Capabilities;
import dev.triage.json.TriageJson;
import dev.triage.rule.Mediator;
import dev.triage.verdict.Decision;
import dev.triage.verdict.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The caller's HTML never leaves Triage as it came: what is sent is the serialization of the
 * sanitized DOM. These bodies went out unchanged while the sanitizer found nothing to remove in its
 * DOM, or while the fast path took them for spec HTML.
 */
final class RawHtmlTest {
  private static final Capabilities BOLD =
      TriageJson.readCapabilities("{\"formatting\":{\"bold\":2}}");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<body onload=alert(1)>x",
        "<html onmouseover=alert(1)>x",
        "<frameset onload=alert(1)>x",
        "<a href=\"https://ok.example\" href=\"javascript:alert(1)\">x</a>",
        "<img src=\"mxc://a/b\" src=\"https://evil.example/t.png\">",
        "<!--[if IE]><script>alert(1)</script><![endif]-->x",
        "<!-- a comment -->x",
        "<?xml version=\"1.0\"?>x",
        "<![CDATA[x]]>",
        "<!DOCTYPE html>x",
        "<b>x</b onclick=alert(1)>",
        "<b>x</b><img src=x onerror=alert(1)",
        "<b>x</b><img src=\"mxc://a/b\" onerror=\"alert(1)\"",
        "<b onclick=alert(1)>x</b>",
        "<b>x</b\n onclick=alert(1)>",
        "<svg><script>alert(1)</script></svg>x",
        "<b>x</b><!---->",
        "<p>x</p><style>p{}</style>"
      })
  void whatIsSentIsTheSanitizedDom(String html) {
    Verdict verdict = mediate(html);

    for (Action action : verdict.actions()) {
      String sent = ((Message) action).html();
      if (sent != null) {
        assertThat(sent).isNotEqualTo(html);
        Allowlist.assertAllowed(sent);
        assertThat(sent.toLowerCase(java.util.Locale.ROOT))
            .doesNotContain("alert", "evil.example", "<!", "<?", "onload", "onclick", "onerror");
        assertThat(HtmlFormatter.innerHtml(HtmlFormatter.parse(sent)))
            .as("a serialization reads back as itself")
            .isEqualTo(sent);
      }
    }
  }

  @Test
  void theSameBodyWrittenOtherwiseIsForwardedAsTriageWritesIt() {
    Verdict verdict =
        Mediator.create()
            .mediate(
                new Message(null, null, null, "x", "<b>x</b><br/><b>y</b>", null, null, null),
                BOLD);

    assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
    assertThat(((Message) verdict.actions().get(0)).html()).isEqualTo("<b>x</b><br><b>y</b>");
  }

  @Test
  void aCommentIsRemovedWithANote() {
    Verdict verdict = mediate("<b>x</b><!-- hidden -->");

    assertThat(verdict.decision()).isEqualTo(Decision.DEGRADE);
    assertThat(verdict.notes())
        .anySatisfy(note -> assertThat(note.message()).contains("a comment"));
    assertThat(((Message) verdict.actions().get(0)).html()).isEqualTo("<b>x</b>");
  }

  @Test
  void aBodyTagIsNoPartOfTheFragment() {
    // A parser reading a body fragment ignores a <body> tag and its handler: so does what is sent.
    Verdict verdict = mediate("<body onload=alert(1)><b>x</b>");

    assertThat(((Message) verdict.actions().get(0)).html()).isEqualTo("<b>x</b>");
  }

  private static Verdict mediate(String html) {
    ObjectNode action = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    action.put("type", "message").put("text", "x").put("html", html);
    return Mediator.create().mediate(TriageJson.readAction(action), BOLD);
  }
}
