package dev.triage.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.action.Message;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.format.FormattingFeature;
import dev.triage.format.HtmlFormatter;
import dev.triage.format.MarkdownFormatter;
import dev.triage.verdict.Decision;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Verdict;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every formatting feature at levels -2, -1, 0 and 2, in HTML and, where Markdown can express it,
 * in Markdown: the decision, and the plain text that is sent.
 */
final class FormattingMatrixTest {
  private static final Mediator MEDIATOR = Mediator.create(Fixtures.CLOCK);

  /**
   * One feature: an HTML body using it, the text sent at level 0 and at -1 (null: rejected, as a
   * spoiler is), and a Markdown body using it (null where Markdown cannot express it).
   */
  record Case(
      FormattingFeature feature, String html, String atZero, String atDropped, String markdown) {
    @Override
    public String toString() {
      return feature.key();
    }
  }

  static final List<Case> CASES =
      List.of(
          new Case(
              FormattingFeature.BOLD,
              "<b>bold</b> text",
              "bold text",
              "bold text",
              "**bold** text"),
          new Case(FormattingFeature.ITALIC, "<i>it</i> text", "it text", "it text", "_it_ text"),
          new Case(
              FormattingFeature.UNDERLINE, "<u>under</u> text", "under text", "under text", null),
          new Case(
              FormattingFeature.STRIKETHROUGH,
              "<del>gone</del> text",
              "~~gone~~ text",
              "gone text",
              "~~gone~~ text"),
          new Case(
              FormattingFeature.INLINE_CODE,
              "run <code>ls</code>",
              "run `ls`",
              "run ls",
              "run `ls`"),
          new Case(
              FormattingFeature.CODE_BLOCK,
              "<pre><code>a\n  b\n</code></pre>",
              "```\na\n\u00a0\u00a0b\n```",
              "a\n\u00a0\u00a0b",
              "```\na\n  b\n```"),
          new Case(
              FormattingFeature.SYNTAX_HIGHLIGHTING,
              "<pre><code class=\"language-go\">x := 1\n</code></pre>",
              "x := 1",
              "x := 1",
              "```go\nx := 1\n```"),
          new Case(
              FormattingFeature.BLOCKQUOTE,
              "<blockquote>wise words</blockquote>",
              "> wise words",
              "wise words",
              "> wise words"),
          new Case(
              FormattingFeature.INLINE_LINK,
              "<a href=\"https://example.org\">site</a>",
              "site (https://example.org)",
              "site",
              "[site](https://example.org)"),
          new Case(
              FormattingFeature.USER_LINK,
              "<a href=\"https://matrix.to/#/@bob:example.org\">Bob</a> hi",
              "Bob hi",
              "Bob hi",
              "[Bob](https://matrix.to/#/@bob:example.org) hi"),
          new Case(
              FormattingFeature.ROOM_LINK,
              "<a href=\"https://matrix.to/#/#room:example.org\">the room</a>",
              "the room (https://matrix.to/#/#room:example.org)",
              "the room",
              "[the room](https://matrix.to/#/#room:example.org)"),
          new Case(
              FormattingFeature.EVENT_LINK,
              "<a href=\"matrix:roomid/r:example.org/e/ev\">that</a>",
              "that (matrix:roomid/r:example.org/e/ev)",
              "that",
              "[that](matrix:roomid/r:example.org/e/ev)"),
          new Case(
              FormattingFeature.AT_ROOM_MENTION,
              "<b>@room</b> lunch",
              "@room lunch",
              "@room lunch",
              "**@room** lunch"),
          new Case(
              FormattingFeature.UNORDERED_LIST,
              "<ul><li>a</li><li>b</li></ul>",
              "• a\n• b",
              "a\nb",
              "- a\n- b"),
          new Case(
              FormattingFeature.ORDERED_LIST,
              "<ol><li>a</li><li>b</li></ol>",
              "1. a\n2. b",
              "a\nb",
              "1. a\n2. b"),
          new Case(
              FormattingFeature.LIST_START,
              "<ol start=\"3\"><li>c</li><li>d</li></ol>",
              "3. c\n4. d",
              "1. c\n2. d",
              "3. c\n4. d"),
          new Case(
              FormattingFeature.LIST_JUMP_VALUE,
              "<ol><li>a</li><li value=\"5\">e</li></ol>",
              "1. a\n5. e",
              "1. a\n2. e",
              null),
          new Case(
              FormattingFeature.CUSTOM_EMOJI,
              "hi <img data-mx-emoticon src=\"mxc://example.org/cat\" alt=\":cat:\">",
              "hi :cat:",
              "hi :cat:",
              null),
          new Case(
              FormattingFeature.SPOILER, "<span data-mx-spoiler>secret</span>", null, null, null),
          new Case(
              FormattingFeature.SPOILER_REASON,
              "<span data-mx-spoiler=\"plot\">secret</span>",
              "[spoiler]",
              "[spoiler]",
              null),
          new Case(
              FormattingFeature.FOREGROUND_COLOR,
              "<font data-mx-color=\"#ff0000\">red</font>",
              "red",
              "red",
              null),
          new Case(
              FormattingFeature.BACKGROUND_COLOR,
              "<span data-mx-bg-color=\"#00ff00\">green</span>",
              "green",
              "green",
              null),
          new Case(
              FormattingFeature.HORIZONTAL_LINE, "a<hr>b", "a\n---\nb", "a\nb", "a\n\n---\n\nb"),
          new Case(
              FormattingFeature.HEADERS,
              "<h1>Title</h1><p>body</p>",
              "Title\nbody",
              "Title\nbody",
              "# Title\n\nbody"),
          new Case(FormattingFeature.SUPERSCRIPT, "x<sup>2</sup>", "x^(2)", "x2", null),
          new Case(FormattingFeature.SUBSCRIPT, "H<sub>2</sub>O", "H_(2)O", "H2O", null),
          new Case(
              FormattingFeature.MATH, "<span data-mx-maths=\"x^2\">x²</span>", "$x^2$", "x²", null),
          new Case(
              FormattingFeature.DETAILS_SUMMARY,
              "<details><summary>More</summary>hidden</details>",
              "More\nhidden",
              "More\nhidden",
              null),
          new Case(
              FormattingFeature.TABLE,
              // As a parser reads it (with its tbody): what is sent is always Triage's
              // serialization.
              "<table><tbody><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></tbody></table>",
              "a | b\n1 | 2",
              "a b\n1 2",
              "| a | b |\n|---|---|\n| 1 | 2 |"));

  static Capabilities at(FormattingFeature feature, Level level) {
    return Fixtures.everything().toBuilder().formatting(feature.key(), level).build();
  }

  static Stream<Arguments> html() {
    return CASES.stream()
        .flatMap(
            c ->
                Stream.of(Level.FULL, Level.UNSUPPORTED, Level.DROPPED, Level.REJECTED)
                    .map(level -> Arguments.of(c, level)));
  }

  static Stream<Arguments> markdown() {
    return html().filter(args -> ((Case) args.get()[0]).markdown() != null);
  }

  @Test
  void everyFeatureHasACase() {
    assertThat(CASES.stream().map(Case::feature).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(FormattingFeature.values());
  }

  @Test
  void eachCaseUsesItsFeature() {
    for (Case c : CASES) {
      assertThat(HtmlFormatter.features(c.html())).as(c.feature().key()).contains(c.feature());
      if (c.markdown() != null) {
        assertThat(MarkdownFormatter.features(c.markdown()))
            .as(c.feature().key())
            .contains(c.feature());
      }
    }
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("html")
  void htmlIsDecidedByTheFeaturesLevel(Case c, Level level) {
    Message message = new Message(null, null, null, "fallback text", c.html(), null, null, null);

    Verdict verdict = MEDIATOR.explain(message, at(c.feature(), level));

    assertThat(verdict.explanation())
        .anySatisfy(check -> assertThat(check.capability()).isEqualTo(c.feature().capability()));
    expect(verdict, c, level, c.html(), false);
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("markdown")
  void markdownGetsTheSameDecisionsAsHtml(Case c, Level level) {
    Verdict verdict = MEDIATOR.mediate(Message.markdown(c.markdown()), at(c.feature(), level));

    expect(verdict, c, level, c.markdown(), true);
  }

  private static void expect(Verdict verdict, Case c, Level level, String body, boolean markdown) {
    boolean spoiler = c.feature() == FormattingFeature.SPOILER;
    if (level == Level.REJECTED || (spoiler && level != Level.FULL)) {
      assertThat(verdict.decision()).isEqualTo(Decision.REJECT);
      assertThat(verdict.notes())
          .anySatisfy(
              note -> {
                assertThat(note.capability()).isEqualTo(c.feature().capability());
                assertThat(note.code())
                    .isEqualTo(
                        spoiler && level != Level.REJECTED
                            ? NoteCode.FORMATTING_SPOILER_UNSUPPORTED
                            : NoteCode.FEATURE_REJECTED);
              });
      return;
    }
    if (level == Level.FULL) {
      assertThat(verdict.decision()).isEqualTo(Decision.FORWARD);
      Message sent = (Message) verdict.actions().get(0);
      assertThat(markdown ? sent.text() : sent.html()).isEqualTo(body);
      return;
    }
    assertThat(verdict.decision()).isEqualTo(Decision.DEGRADE);
    assertThat(verdict.notes())
        .anySatisfy(
            note -> {
              assertThat(note.capability()).isEqualTo(c.feature().capability());
              assertThat(note.code())
                  .isEqualTo(
                      level == Level.UNSUPPORTED
                          ? NoteCode.FORMATTING_FALLBACK
                          : NoteCode.FEATURE_STRIPPED);
            });
    Message sent = (Message) verdict.actions().get(0);
    String expected = level == Level.UNSUPPORTED ? c.atZero() : c.atDropped();
    String sentText = markdown ? plainOf(sent.text()) : sent.text();
    assertThat(sentText).isEqualTo(expected);
    assertThat(sent.markdown()).isEqualTo(markdown);
    // What is sent no longer uses the feature below level 1.
    Set<FormattingFeature> left =
        markdown
            ? MarkdownFormatter.features(sent.text())
            : sent.html() == null
                ? EnumSet.noneOf(FormattingFeature.class)
                : HtmlFormatter.features(sent.html());
    if (c.feature() != FormattingFeature.AT_ROOM_MENTION) {
      assertThat(left).doesNotContain(c.feature());
    }
  }

  /** The plain text a Markdown body reads as. */
  private static String plainOf(String markdown) {
    return HtmlFormatter.plainText(MarkdownFormatter.toHtml(markdown));
  }
}
