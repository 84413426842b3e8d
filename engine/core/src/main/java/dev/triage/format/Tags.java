package dev.triage.format;

import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/** What the Matrix spec says about HTML tags, and small helpers over them. */
final class Tags {
  /** Tags rendered on their own lines. */
  static final Set<String> BLOCKS =
      Set.of(
          "p",
          "div",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "blockquote",
          "pre",
          "ul",
          "ol",
          "li",
          "table",
          "thead",
          "tbody",
          "tr",
          "caption",
          "details",
          "summary",
          "hr");

  private Tags() {}

  /** Elements in which a {@code <p>} may stand (flow content), as opposed to phrasing content. */
  private static final Set<String> FLOW_CONTAINERS =
      Set.of("body", "div", "li", "blockquote", "td", "th", "details", "caption");

  /** Whether a paragraph may be a child of {@code parent}. */
  static boolean holdsParagraphs(Element parent) {
    return parent != null && FLOW_CONTAINERS.contains(parent.normalName());
  }

  /**
   * The feature a tag is, by its name alone (and, for {@code code}, its parent's: code in a {@code
   * pre} is the code block's); {@code null} for tags that are no feature by name, or whose feature
   * depends on attributes (links, emoji, spoilers, maths).
   */
  static FormattingFeature feature(String tag, String parent) {
    switch (tag) {
      case "b":
      case "strong":
        return FormattingFeature.BOLD;
      case "i":
      case "em":
        return FormattingFeature.ITALIC;
      case "u":
        return FormattingFeature.UNDERLINE;
      case "del":
      case "s":
      case "strike":
        return FormattingFeature.STRIKETHROUGH;
      case "code":
        return "pre".equals(parent) ? null : FormattingFeature.INLINE_CODE;
      case "pre":
        return FormattingFeature.CODE_BLOCK;
      case "blockquote":
        return FormattingFeature.BLOCKQUOTE;
      case "ul":
        return FormattingFeature.UNORDERED_LIST;
      case "ol":
        return FormattingFeature.ORDERED_LIST;
      case "hr":
        return FormattingFeature.HORIZONTAL_LINE;
      case "h1":
      case "h2":
      case "h3":
      case "h4":
      case "h5":
      case "h6":
        return FormattingFeature.HEADERS;
      case "sup":
        return FormattingFeature.SUPERSCRIPT;
      case "sub":
        return FormattingFeature.SUBSCRIPT;
      case "details":
        return FormattingFeature.DETAILS_SUMMARY;
      case "table":
        return FormattingFeature.TABLE;
      default:
        return null;
    }
  }

  /** Whether {@code e} is a spoiler, whose content never shows as text. */
  static boolean isSpoiler(Element e) {
    return (e.normalName().equals("span") || e.normalName().equals("font"))
        && e.hasAttr("data-mx-spoiler");
  }

  /**
   * An element's text as it is written, spaces and newlines kept ({@code <br>} a newline), as
   * {@link Element#wholeText()} reads it, but a spoiler's content is {@code [spoiler]}: for the
   * fallbacks that flatten code into text.
   */
  static String wholeText(Element e) {
    StringBuilder out = new StringBuilder();
    wholeText(e, out);
    return out.toString();
  }

  private static void wholeText(Element e, StringBuilder out) {
    for (int i = 0; i < e.childNodeSize(); i++) {
      Node child = e.childNode(i);
      if (child instanceof TextNode) {
        out.append(((TextNode) child).getWholeText());
      } else if (child instanceof Element) {
        Element element = (Element) child;
        if (isSpoiler(element)) {
          out.append("[spoiler]");
        } else if (element.normalName().equals("br")) {
          out.append('\n');
        } else {
          wholeText(element, out);
        }
      }
    }
  }

  static long listStart(Element ol) {
    return ol.hasAttr("start") ? parseLong(ol.attr("start"), 1) : 1;
  }

  static long parseLong(String value, long fallback) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
