package dev.triage.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class HtmlSplitterTest {
  @Test
  void blocksArePackedWholeWhereTheyFit() {
    List<HtmlSplitter.Part> parts =
        HtmlSplitter.split("<p>One <b>two</b>.</p><p>Three four.</p><p>Five.</p>", 20, true);

    assertThat(parts)
        .extracting(HtmlSplitter.Part::html)
        .containsExactly("<p>One <b>two</b>.</p><p>Three four.</p>", "<p>Five.</p>");
    assertThat(parts)
        .extracting(HtmlSplitter.Part::text)
        .containsExactly("One two.\nThree four.", "Five.");
  }

  @Test
  void aLongBlockIsSplitInsideAndKeepsItsFormatting() {
    List<HtmlSplitter.Part> parts =
        HtmlSplitter.split("<p><b>bold words that go on and on</b></p>", 12, true);

    assertThat(parts)
        .allSatisfy(p -> assertThat(p.html()).startsWith("<p><b>").endsWith("</b></p>"));
    assertThat(parts)
        .allSatisfy(p -> assertThat(TextSplitter.length(p.text())).isLessThanOrEqualTo(12));
    assertThat(String.join(" ", parts.stream().map(HtmlSplitter.Part::text).toList()))
        .isEqualTo("bold words that go on and on");
  }

  @Test
  void aNumberedListContinuesItsNumberingInTheNextPart() {
    List<HtmlSplitter.Part> parts =
        HtmlSplitter.split("<ol><li>alpha</li><li>beta</li><li>gamma</li></ol>", 18, true);

    assertThat(parts)
        .extracting(HtmlSplitter.Part::html)
        .containsExactly(
            "<ol><li>alpha</li><li>beta</li></ol>", "<ol start=\"3\"><li>gamma</li></ol>");
    assertThat(parts.get(1).text()).isEqualTo("3. gamma");
  }

  @Test
  void withoutListStartSupportTheContinuationIsNotNumberedByAttribute() {
    List<HtmlSplitter.Part> parts =
        HtmlSplitter.split("<ol><li>alpha</li><li>beta</li><li>gamma</li></ol>", 18, false);

    assertThat(parts.get(1).html()).isEqualTo("<ol><li>gamma</li></ol>");
  }
}
