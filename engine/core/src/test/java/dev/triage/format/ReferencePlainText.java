package dev.triage.format;

// The pre-issue-19 implementation, kept verbatim (only renamed) as the oracle that
// OneWalkFormattingProperties holds the one-walk DOM path to: do not change it to follow the
// main code; its answers are the ones the main code must keep giving.

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * The plain-text rendering of Matrix HTML: what {@code text} is when {@code html} is set, and what
 * length limits are measured on. Blocks go on their own lines, list items get {@code • } or their
 * number, quotes get {@code > }, links whose text is not their target read {@code text (url)}, and
 * a spoiler's content never shows: it renders as {@code [spoiler]}.
 */
final class ReferencePlainText {
  private static final java.util.regex.Pattern TRAILING_SPACES =
      java.util.regex.Pattern.compile(" +\n");

  private final StringBuilder out = new StringBuilder();

  /** What stands between a table row's cells. */
  private final String cellSeparator;

  /** Whether the output is at the start of a line (after any prefix). */
  private boolean lineStart = true;

  private ReferencePlainText(String cellSeparator) {
    this.cellSeparator = cellSeparator;
  }

  /** Renders the children of {@code root}. */
  static String render(Element root) {
    return render(root, " | ");
  }

  /** Renders the children of {@code root}, with {@code cellSeparator} between table cells. */
  static String render(Element root, String cellSeparator) {
    ReferencePlainText text = new ReferencePlainText(cellSeparator);
    text.children(root, "", false);
    return text.finish();
  }

  /** Renders one element with its own markers (bullets, quote marks), as if it stood alone. */
  static String renderElement(Element element) {
    ReferencePlainText text = new ReferencePlainText(" | ");
    text.element(element, "", false);
    return text.finish();
  }

  private String finish() {
    // Trailing whitespace and dangling quote markers of closed blocks go.
    int end = out.length();
    while (end > 0 && (Character.isWhitespace(out.charAt(end - 1)) || endsWithMarker(end))) {
      end--;
    }
    int start = 0;
    while (start < end && Character.isWhitespace(out.charAt(start))) {
      start++;
    }
    // Spaces that ended a line before a block or a break are not content.
    return TRAILING_SPACES.matcher(out.substring(start, end)).replaceAll("\n");
  }

  private boolean endsWithMarker(int end) {
    // A line that holds only quote markers, e.g. "\n> " left by a block's closing newline.
    if (out.charAt(end - 1) != '>') {
      return false;
    }
    int i = end - 1;
    while (i > 0 && (out.charAt(i - 1) == '>' || out.charAt(i - 1) == ' ')) {
      i--;
    }
    return i == 0 || out.charAt(i - 1) == '\n';
  }

  private void children(Element element, String prefix, boolean pre) {
    for (Node child : element.childNodes()) {
      node(child, prefix, pre);
    }
  }

  private void node(Node node, String prefix, boolean pre) {
    if (node instanceof TextNode) {
      String text = ((TextNode) node).getWholeText();
      append(pre ? text : collapse(text), prefix);
    } else if (node instanceof Element) {
      element((Element) node, prefix, pre);
    }
  }

  private void element(Element e, String prefix, boolean pre) {
    String tag = e.normalName();
    switch (tag) {
      case "br":
        newline(prefix);
        return;
      case "hr":
        block(prefix);
        append("---", prefix);
        block(prefix);
        return;
      case "img":
        append(e.hasAttr("alt") ? e.attr("alt") : e.attr("title"), prefix);
        return;
      case "mx-reply":
        return;
      case "pre":
        block(prefix);
        children(e, prefix, true);
        block(prefix);
        return;
      case "blockquote":
        block(prefix);
        out.append("> ");
        children(e, prefix + "> ", pre);
        block(prefix);
        return;
      case "ul":
      case "ol":
        block(prefix);
        list(e, prefix, pre);
        block(prefix);
        return;
      case "tr":
        block(prefix);
        boolean first = true;
        for (Node cell : e.childNodes()) {
          if (cell instanceof TextNode && ((TextNode) cell).isBlank()) {
            continue;
          }
          if (!first) {
            out.append(cellSeparator);
            lineStart = false;
          }
          first = false;
          if (cell instanceof Element) {
            children((Element) cell, prefix, pre);
          } else {
            node(cell, prefix, pre);
          }
        }
        block(prefix);
        return;
      case "a":
        String href = e.attr("href");
        String label = render(e);
        children(e, prefix, pre);
        if (!href.isEmpty()
            && !label.isBlank()
            && !label.equals(href)
            && MatrixLinks.classify(href) != FormattingFeature.USER_LINK) {
          append(" (" + href + ")", prefix);
        }
        return;
      case "span":
      case "font":
        if (Tags.isSpoiler(e)) {
          append("[spoiler]", prefix);
          return;
        }
        children(e, prefix, pre);
        return;
      default:
        boolean isBlock = Tags.BLOCKS.contains(tag);
        if (isBlock) {
          block(prefix);
        }
        children(e, prefix, pre);
        if (isBlock) {
          block(prefix);
        }
    }
  }

  private void list(Element list, String prefix, boolean pre) {
    boolean ordered = list.normalName().equals("ol");
    long number = ordered ? Tags.listStart(list) : 0;
    // Anything a list holds is an item: browsers show stray children too, so their text counts;
    // stray text (a parser puts a link's or a fallback's text there) is a line of its own.
    for (Node child : list.childNodes()) {
      if (child instanceof TextNode) {
        String text = collapse(((TextNode) child).getWholeText()).strip();
        if (!text.isEmpty()) {
          block(prefix);
          append(text, prefix);
        }
        continue;
      }
      if (!(child instanceof Element)) {
        continue;
      }
      Element item = (Element) child;
      if (ordered && item.hasAttr("value")) {
        number = Tags.parseLong(item.attr("value"), number);
      }
      String marker = ordered ? number + ". " : "• ";
      block(prefix);
      out.append(marker);
      lineStart = false;
      children(item, prefix + "   ", pre);
      number++;
    }
  }

  /** Starts a new line unless at the start of one. */
  private void block(String prefix) {
    if (!lineStart) {
      newline(prefix);
    }
  }

  private void newline(String prefix) {
    out.append('\n').append(prefix);
    lineStart = true;
  }

  private void append(String text, String prefix) {
    if (text.isEmpty()) {
      return;
    }
    // Whitespace collapsed to one space neither starts a line nor doubles a space.
    if (text.equals(" ") && (lineStart || out.charAt(out.length() - 1) == ' ')) {
      return;
    }
    out.append(prefix.isEmpty() ? text : text.replace("\n", "\n" + prefix));
    lineStart = text.endsWith("\n");
  }

  /** HTML whitespace runs as one space: a loop, as this runs for every text node. */
  static String collapse(String text) {
    StringBuilder out = null;
    boolean inRun = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean space = c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
      if (space && (inRun || c != ' ')) {
        if (out == null) {
          out = new StringBuilder(text.length()).append(text, 0, i);
          if (!inRun) {
            out.append(' ');
          }
        }
      } else if (out != null) {
        if (space) {
          out.append(' ');
        } else {
          out.append(c);
        }
      }
      inRun = space;
    }
    return out == null ? text : out.toString();
  }
}
