package dev.triage.format;

import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Writes Matrix HTML as CommonMark (with GFM strikethrough and tables). Text is escaped so that a
 * plain-text fallback such as {@code ~~gone~~} reads literally; markup Markdown cannot express
 * (underline, colours, …) is written as its text.
 */
final class MarkdownWriter {
  private static final Pattern SPECIAL = Pattern.compile("([\\\\`*_\\[\\]<|~])");
  private static final Pattern ORDERED_MARKER = Pattern.compile("(?m)^(\\s*\\d+)([.)])(?=\\s|$)");
  private static final Pattern LINE_MARKER = Pattern.compile("(?m)^(\\s*)([-+#>=])");

  private final StringBuilder out = new StringBuilder();

  /** The emphasis markers open around what is being written. */
  private final java.util.Set<String> open = new java.util.HashSet<>();

  private MarkdownWriter() {}

  static String write(Element root) {
    MarkdownWriter writer = new MarkdownWriter();
    writer.children(root, "");
    return writer.out.toString().strip();
  }

  private void children(Element element, String prefix) {
    for (Node child : element.childNodes()) {
      if (child instanceof TextNode) {
        // Not TextNode.text(): jsoup counts no-break spaces as whitespace, and code indentation
        // is kept as exactly those.
        text(PlainText.collapse(((TextNode) child).getWholeText()), prefix);
      } else if (child instanceof Element) {
        element((Element) child, prefix);
      }
    }
  }

  private void text(String text, String prefix) {
    append(escape(text), prefix);
  }

  /** Escapes what Markdown would read as markup, so the text shows as it is. */
  static String escape(String text) {
    String escaped = SPECIAL.matcher(text).replaceAll("\\\\$1");
    escaped = ORDERED_MARKER.matcher(escaped).replaceAll("$1\\\\$2");
    return LINE_MARKER.matcher(escaped).replaceAll("$1\\\\$2");
  }

  private void append(String text, String prefix) {
    out.append(text.replace("\n", "\n" + prefix));
  }

  private void element(Element e, String prefix) {
    switch (e.normalName()) {
      case "p":
      case "div":
        block(prefix);
        children(e, prefix);
        block(prefix);
        return;
      case "br":
        // A newline: chat Markdown (and Triage's own reading of it) keeps it as a line break.
        out.append('\n').append(prefix);
        return;
      case "b":
      case "strong":
        wrap(e, "**", prefix);
        return;
      case "i":
      case "em":
        wrap(e, "_", prefix);
        return;
      case "del":
      case "s":
      case "strike":
        wrap(e, "~~", prefix);
        return;
      case "code":
        // One line (a line break in a code span is a space; a line of its own could start a
        // block), between fences longer than any run of backticks in it, so it cannot end early.
        String code = Tags.wholeText(e).replace('\n', ' ');
        String fence = "`".repeat(longestRun(code, '`') + 1);
        boolean pad = code.startsWith("`") || code.endsWith("`");
        out.append(fence).append(pad ? " " + code + " " : code).append(fence);
        return;
      case "pre":
        block(prefix);
        Element inner = e.selectFirst("> code");
        String language =
            inner != null && inner.className().startsWith("language-")
                ? inner.className().substring("language-".length())
                : "";
        String body = Tags.wholeText(inner != null ? inner : e).replaceAll("\n$", "");
        // A fence longer than any run of backticks in the code: no line of it can close the block.
        String codeFence = "`".repeat(Math.max(3, longestRun(body, '`') + 1));
        append(codeFence + language + "\n" + body + "\n" + codeFence, prefix);
        block(prefix);
        return;
      case "blockquote":
        block(prefix);
        out.append("> ");
        children(e, prefix + "> ");
        block(prefix);
        return;
      case "a":
        out.append('[');
        children(e, prefix);
        out.append("](").append(destination(e.attr("href"))).append(')');
        return;
      case "ul":
      case "ol":
        list(e, prefix);
        return;
      case "h1":
      case "h2":
      case "h3":
      case "h4":
      case "h5":
      case "h6":
        block(prefix);
        out.append("#".repeat(e.normalName().charAt(1) - '0')).append(' ');
        children(e, prefix);
        block(prefix);
        return;
      case "hr":
        block(prefix);
        out.append("---");
        block(prefix);
        return;
      case "table":
        table(e, prefix);
        return;
      case "img":
        // An emoji Markdown cannot show: its name, as in plain text.
        text(e.hasAttr("alt") ? e.attr("alt") : e.attr("title"), prefix);
        return;
      case "mx-reply":
        // A reply's fallback quote is not the message's text (as in plain text).
        return;
      case "span":
      case "font":
        if (Tags.isSpoiler(e)) {
          // Markdown has no spoiler: its content never shows, as in plain text.
          text("[spoiler]", prefix);
          return;
        }
        children(e, prefix);
        return;
      default:
        children(e, prefix);
    }
  }

  private static int longestRun(String text, char c) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == c ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  }

  /**
   * A link target as a Markdown link destination: what would end it early or break its line
   * (spaces, line breaks, brackets, quotes, backslashes, control characters) percent-encoded.
   */
  static String destination(String href) {
    StringBuilder out = new StringBuilder(href.length());
    for (int i = 0; i < href.length(); i++) {
      char c = href.charAt(i);
      if (c <= ' ' || c == 0x7f || "()<>\"'\\`".indexOf(c) >= 0) {
        out.append('%').append(String.format("%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private void wrap(Element e, String marker, String prefix) {
    if (!open.add(marker)) {
      // Inside the same markup already: doubled markers would read as other markup (~~~~x~~~~
      // a code fence).
      children(e, prefix);
      return;
    }
    int start = out.length();
    out.append(marker);
    children(e, prefix);
    open.remove(marker);
    if (out.length() == start + marker.length()) {
      // Empty: markers alone would read as other markup (~~~~ a code fence, **** a rule).
      out.setLength(start);
      return;
    }
    out.append(marker);
  }

  private void list(Element list, String prefix) {
    block(prefix);
    boolean ordered = list.normalName().equals("ol");
    long number = ordered ? Tags.listStart(list) : 0;
    for (Node child : list.childNodes()) {
      if (child instanceof TextNode) {
        // Stray text in a list (a parser puts some there) is a line of its own.
        String text = PlainText.collapse(((TextNode) child).getWholeText()).strip();
        if (!text.isEmpty()) {
          line(prefix);
          text(text, prefix);
        }
        continue;
      }
      if (!(child instanceof Element)) {
        continue;
      }
      String marker = ordered ? number++ + ". " : "- ";
      line(prefix);
      out.append(marker);
      children((Element) child, prefix + " ".repeat(marker.length()));
    }
    block(prefix);
  }

  private void table(Element table, String prefix) {
    block(prefix);
    boolean header = true;
    for (Element row : table.select("tr")) {
      out.append('|');
      int cells = 0;
      for (Element cell : row.children()) {
        out.append(' ');
        int start = out.length();
        children(cell, prefix);
        // A cell is one line; a pipe inside it was escaped as text already.
        String content = out.substring(start).replace("\n", " ");
        out.setLength(start);
        out.append(content).append(" |");
        cells++;
      }
      out.append('\n').append(prefix);
      if (header) {
        out.append('|').append(" --- |".repeat(Math.max(cells, 1))).append('\n').append(prefix);
        header = false;
      }
    }
    block(prefix);
  }

  private boolean atLineStart(String prefix) {
    return out.length() == 0 || endsWith("\n" + prefix);
  }

  private boolean endsWith(String suffix) {
    int length = out.length();
    return length >= suffix.length() && out.substring(length - suffix.length()).equals(suffix);
  }

  /** Starts a new line unless at the start of one. */
  private void line(String prefix) {
    if (!atLineStart(prefix)) {
      out.append('\n').append(prefix);
    }
  }

  /** Separates blocks by a blank line (inside a quote, a line holding only the quote marker). */
  private void block(String prefix) {
    if (out.length() == 0) {
      return;
    }
    line(prefix);
    if (!endsWith("\n" + prefix + "\n" + prefix)) {
      out.append('\n').append(prefix);
    }
  }
}
