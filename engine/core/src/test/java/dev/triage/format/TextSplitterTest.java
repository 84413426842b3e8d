package dev.triage.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

final class TextSplitterTest {
  private static final Pattern CLUSTER = Pattern.compile("\\X");

  /** The grapheme clusters of a text, whitespace left out. */
  private static List<String> clusters(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = CLUSTER.matcher(text);
    while (m.find()) {
      if (!m.group().isBlank()) {
        out.add(m.group());
      }
    }
    return out;
  }

  private static List<String> splitChecked(String text, int max) {
    List<String> parts = TextSplitter.split(text, max);
    assertThat(parts).allSatisfy(p -> assertThat(TextSplitter.length(p)).isLessThanOrEqualTo(max));
    assertThat(parts).allSatisfy(p -> assertThat(p).isNotBlank());
    List<String> joined = new ArrayList<>();
    parts.forEach(p -> joined.addAll(clusters(p)));
    assertThat(joined).as("every cluster kept whole, in order").isEqualTo(clusters(text));
    return parts;
  }

  @Test
  void shortTextIsOnePart() {
    assertThat(TextSplitter.split("hello", 5)).containsExactly("hello");
  }

  @Test
  void prefersParagraphsThenSentencesThenWords() {
    String text = "First paragraph here.\n\nSecond one is longer. It has two sentences.";

    assertThat(splitChecked(text, 45))
        .containsExactly("First paragraph here.", "Second one is longer. It has two sentences.");
    assertThat(splitChecked(text, 30))
        .containsExactly("First paragraph here.", "Second one is longer.", "It has two sentences.");
    assertThat(splitChecked("one two three four five", 10))
        .containsExactly("one two", "three four", "five");
  }

  @Test
  void cjkWithoutSpacesSplitsAtSentenceEndsOrBetweenIdeographs() {
    String text = "日本語のテキストは空白がありません。とても長い文章です。";

    List<String> parts = splitChecked(text, 18);

    assertThat(parts).containsExactly("日本語のテキストは空白がありません。", "とても長い文章です。");
    assertThat(splitChecked(text, 7)).hasSizeGreaterThan(3);
  }

  @Test
  void rightToLeftTextSplitsAtWords() {
    String arabic = "مرحبا بالعالم هذا نص طويل باللغة العربية";

    List<String> parts = splitChecked(arabic, 15);

    assertThat(parts).allSatisfy(p -> assertThat(p).doesNotStartWith(" ").doesNotEndWith(" "));
    assertThat(String.join(" ", parts)).isEqualTo(arabic);
  }

  @Test
  void emojiZwjSequencesAndModifiersAreNeverCut() {
    String family = "👩\u200D👩\u200D👧\u200D👦"; // 7 code points, one cluster
    String thumbs = "👍🏽"; // 2 code points, one cluster

    assertThat(splitChecked(family + family + thumbs, 9)).containsExactly(family, family + thumbs);
    assertThat(splitChecked(family + family + thumbs, 8)).containsExactly(family, family, thumbs);
  }

  @Test
  void flagsAreNeverCut() {
    assertThat(splitChecked("🇩🇪🇫🇷🇯🇵", 3)).containsExactly("🇩🇪", "🇫🇷", "🇯🇵");
  }

  @Test
  void combiningMarksStayWithTheirLetter() {
    String text = "e\u0301".repeat(5); // é written as e + combining acute

    assertThat(splitChecked(text, 3)).allSatisfy(p -> assertThat(p).startsWith("e"));
  }

  @Test
  void textWithoutAnyBreakIsCutBetweenCharacters() {
    assertThat(splitChecked("abcdefghij", 4)).containsExactly("abcd", "efgh", "ij");
  }

  @Test
  void lengthIsInCodePointsNotUtf16Units() {
    assertThat(TextSplitter.length("a😀")).isEqualTo(2);
    assertThat(splitChecked("😀😀😀😀", 2)).containsExactly("😀😀", "😀😀");
  }

  @Test
  void aClusterLongerThanTheLimitCannotBeSplit() {
    assertThatThrownBy(() -> TextSplitter.split("👩\u200D👩\u200D👧\u200D👦", 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 3");
  }
}
