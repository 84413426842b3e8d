package dev.triage.format;

import dev.triage.capability.Capabilities;
import java.util.List;
import java.util.Set;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown (CommonMark with GFM strikethrough and tables, as the Desktop API takes it) gets the
 * same decisions as HTML: it is rendered to HTML, formatted by {@link HtmlFormatter}, and a changed
 * result is written back as Markdown. Raw HTML in Markdown is treated as text, not markup.
 */
public final class MarkdownFormatter {
  private static final List<Extension> EXTENSIONS =
      List.of(StrikethroughExtension.create(), TablesExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).softbreak("<br>").build();

  private MarkdownFormatter() {}

  /** The HTML a Markdown text stands for. */
  public static String toHtml(String markdown) {
    return RENDERER.render(PARSER.parse(markdown));
  }

  /** The formatting features a Markdown text uses. */
  public static Set<FormattingFeature> features(String markdown) {
    return HtmlFormatter.features(toHtml(markdown), "text");
  }

  /**
   * Formats Markdown for a chat. The result's {@code text} is Markdown: the original when nothing
   * changed, else the degraded HTML written back as Markdown; its {@code html} is the HTML form.
   */
  public static Formatted format(String markdown, Capabilities caps) {
    String html = toHtml(markdown);
    Formatted formatted = HtmlFormatter.format(html, markdown, caps, "text");
    if (formatted.rejection() != null || !formatted.changed()) {
      return formatted;
    }
    String degradedHtml =
        formatted.html() != null ? formatted.html() : escapeText(formatted.text());
    return new Formatted(
        formatted.html(),
        MarkdownWriter.write(HtmlFormatter.parse(degradedHtml)),
        formatted.used(),
        formatted.changes(),
        formatted.sanitized(),
        null);
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
