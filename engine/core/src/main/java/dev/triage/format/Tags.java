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
