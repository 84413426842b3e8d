package dev.triage.format;

import dev.triage.capability.Capabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.nodes.Element;

/**
 * Markdown (CommonMark with GFM strikethrough and tables, as the Desktop API takes it) gets the
 * same decisions as HTML: it is rendered to HTML, formatted by {@link HtmlFormatter}, and a changed
 * result is written back as Markdown.
 *
 * <p>Raw HTML in Markdown is HTML, as Matrix clients read it: it goes through the same sanitizer,
 * limits and levels as {@code html}. The Markdown sent never holds raw HTML: a text that has any is
 * always written back from its sanitized DOM, whose text is escaped and whose markup Markdown
 * cannot express (underline, colours, …) is written as its text, a spoiler as {@code [spoiler]}.
 */
public final class MarkdownFormatter {
  private static final List<Extension> EXTENSIONS =
      List.of(StrikethroughExtension.create(), TablesExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder().extensions(EXTENSIONS).softbreak("<br>").build();

  private MarkdownFormatter() {}

  /**
   * The HTML a Markdown text stands for, sanitized (raw HTML in it kept where the Matrix spec
   * allows it).
   *
   * @throws dev.triage.json.InvalidInputException past {@link HtmlFormatter#MAX_HTML_ELEMENTS} or
   *     {@link HtmlFormatter#MAX_HTML_DEPTH}, naming {@code text}
   */
  public static String toHtml(String markdown) {
    Element body = HtmlFormatter.parseInput(render(PARSER.parse(markdown)), "text");
    Sanitizer.sanitize(body);
    return body.html();
  }

  /** The formatting features a Markdown text uses. */
  public static Set<FormattingFeature> features(String markdown) {
    return HtmlFormatter.features(render(PARSER.parse(markdown)), "text");
  }

  /**
   * Formats Markdown for a chat. The result's {@code text} is Markdown: the original when nothing
   * changed and it holds no raw HTML, else the degraded, sanitized HTML written back as Markdown;
   * its {@code html} is the HTML form.
   */
  public static Formatted format(String markdown, Capabilities caps) {
    Node document = PARSER.parse(markdown);
    Formatted formatted = HtmlFormatter.format(render(document), markdown, caps, "text");
    boolean rawHtml = hasRawHtml(document);
    if (formatted.rejection() != null || (!formatted.changed() && !rawHtml)) {
      return formatted;
    }
    String html;
    if (formatted.html() != null) {
      html = formatted.html();
    } else {
      // No formatting left: the text is its plain rendering, or (unchanged) the Markdown itself.
      html = escapeText(formatted.changed() ? formatted.text() : "");
    }
    Element body = HtmlFormatter.parse(html);
    List<Formatted.Change> changes = new ArrayList<>(formatted.changes());
    if (!body.select("span[data-mx-spoiler], font[data-mx-spoiler]").isEmpty()) {
      changes.add(
          new Formatted.Change(
              FormattingFeature.SPOILER,
              caps.formattingLevel(FormattingFeature.SPOILER.key()),
              "Spoilers cannot be written in Markdown; the spoiler was sent as [spoiler]."));
    }
    String written = MarkdownWriter.write(body);
    if (written.isEmpty()) {
      // Nothing showable is left: the Markdown is sent as its literal source, raw HTML as text.
      written = MarkdownWriter.escape(markdown);
    }
    return new Formatted(
        formatted.html(), written, formatted.used(), changes, formatted.sanitized(), null);
  }

  private static String render(Node document) {
    return RENDERER.render(document);
  }

  private static boolean hasRawHtml(Node document) {
    boolean[] found = {false};
    document.accept(
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

  /** Text escaped so that Markdown shows it literally. */
  public static String escape(String text) {
    return MarkdownWriter.escape(text);
  }

  private static String escapeText(String text) {
    StringBuilder html = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        html.append("<br>");
      }
      html.append(org.jsoup.nodes.Entities.escape(lines[i]));
    }
    return html.toString();
  }
}
