package dev.triage.format;

import java.util.Set;
import org.jsoup.nodes.Element;

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
