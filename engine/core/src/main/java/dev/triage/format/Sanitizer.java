package dev.triage.format;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;

/**
 * Keeps only the tags and attributes the Matrix spec allows in {@code org.matrix.custom.html}. A
 * disallowed tag is unwrapped (its text kept); {@code script}, {@code style} and the like go with
 * their content, which is code, not text. Disallowed attributes, event handlers, links that are not
 * http(s), ftp, mailto, magnet or matrix, images that are not {@code mxc://}, and colours that are
 * not {@code #rrggbb} are removed.
 */
final class Sanitizer {
  static final Set<String> ALLOWED_TAGS =
      Set.of(
          "font",
          "del",
          "s",
          "strike",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "blockquote",
          "p",
          "a",
          "ul",
          "ol",
          "sup",
          "sub",
          "li",
          "b",
          "i",
          "u",
          "strong",
          "em",
          "code",
          "hr",
          "br",
          "div",
          "table",
          "thead",
          "tbody",
          "tr",
          "th",
          "td",
          "caption",
          "pre",
          "span",
          "img",
          "details",
          "summary",
          "mx-reply");

  /** Tags whose content is code or markup, never message text. */
  private static final Set<String> DROPPED_WITH_CONTENT =
      Set.of(
          "script",
          "style",
          "template",
          "noscript",
          "iframe",
          "object",
          "embed",
          "svg",
          "math",
          "head",
          "title",
          "textarea",
          "select");

  static final Map<String, Set<String>> ALLOWED_ATTRIBUTES =
      Map.of(
          "font", Set.of("data-mx-bg-color", "data-mx-color", "color"),
          "span", Set.of("data-mx-bg-color", "data-mx-color", "data-mx-spoiler", "data-mx-maths"),
          "a", Set.of("target", "href"),
          "img", Set.of("width", "height", "alt", "title", "src", "data-mx-emoticon"),
          "ol", Set.of("start"),
          "li", Set.of("value"),
          "code", Set.of("class"),
          "div", Set.of("data-mx-maths"));

  private static final Set<String> LINK_SCHEMES =
      Set.of("https", "http", "ftp", "mailto", "magnet", "matrix");

  private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
  private static final Pattern LANGUAGE_CLASS = Pattern.compile("language-[A-Za-z0-9_+.#-]+");

  private final Set<String> removed = new LinkedHashSet<>();

  /** What a refusal names when this walk checks the parsed body's limits too; else null. */
  private final String limitsField;

  /** The elements met so far, in document order, when the limits are checked. */
  private int elements;

  private Sanitizer(String limitsField) {
    this.limitsField = limitsField;
  }

  /**
   * Sanitizes the children of {@code root} in place.
   *
   * @return what was removed, in words ({@code <script>}, {@code onclick}, …); empty if nothing
   */
  static List<String> sanitize(Element root) {
    return walk(root, null);
  }

  /**
   * Checks a freshly parsed body against {@link HtmlFormatter#MAX_HTML_ELEMENTS} and {@link
   * HtmlFormatter#MAX_HTML_DEPTH}, as {@link HtmlFormatter#parseInput} does, and sanitizes it, in
   * one walk: the elements are counted in document order, content that goes included, so the same
   * refusal comes first.
   *
   * @param field what the HTML is in the action, named in a refusal
   * @return what was removed, as {@link #sanitize} returns it
   * @throws dev.triage.json.InvalidInputException past a limit
   */
  static List<String> checkAndSanitize(Element body, String field) {
    return walk(body, field);
  }

  private static List<String> walk(Element root, String limitsField) {
    Sanitizer sanitizer = new Sanitizer(limitsField);
    sanitizer.children(root, 1);
    // Each element flattened its own children once they were done: the root's are left.
    Splice.flattenChildren(root);
    return new ArrayList<>(sanitizer.removed);
  }

  private void children(Element parent, int depth) {
    // Nothing here changes this child list: removals are marks that Splice flattens afterwards.
    for (int i = 0; i < parent.childNodeSize(); i++) {
      Node child = parent.childNode(i);
      if (child instanceof Element) {
        element((Element) child, depth);
      } else if (child instanceof Comment) {
        // <?xml …?> and <![CDATA[…]]> are comments too, to an HTML parser; flatten drops them.
        String data = ((Comment) child).getData();
        removed.add(
            data.startsWith("?")
                ? "a processing instruction"
                : data.startsWith("[CDATA[") ? "a CDATA section" : "a comment");
      }
    }
  }

  private void element(Element e, int depth) {
    if (limitsField != null) {
      count(depth);
    }
    String tag = e.normalName();
    if (DROPPED_WITH_CONTENT.contains(tag)) {
      if (limitsField != null) {
        // What goes with it counts all the same: the limits are on what the parser made.
        countDescendants(e, depth + 1);
      }
      removed.add("<" + tag + ">");
      Splice.remove(e);
      return;
    }
    children(e, depth + 1);
    Splice.flattenChildren(e);
    if (!ALLOWED_TAGS.contains(tag)) {
      removed.add("<" + tag + ">");
      Splice.unwrap(e);
      return;
    }
    if (e.attributesSize() > 0) {
      attributes(e, tag);
    }
    if (tag.equals("a") && !e.hasAttr("href")) {
      // A link whose target was removed is its text.
      Splice.unwrap(e);
    } else if (tag.equals("img") && !e.hasAttr("src")) {
      // An image that cannot be shown is its alt text.
      Splice.replaceWithText(e, e.attr("alt"));
    }
  }

  private void attributes(Element e, String tag) {
    Set<String> allowed = ALLOWED_ATTRIBUTES.getOrDefault(tag, Set.of());
    for (Attribute attribute : new ArrayList<>(e.attributes().asList())) {
      String name = attribute.getKey().toLowerCase(Locale.ROOT);
      if (!allowed.contains(name) || !valueAllowed(tag, name, attribute.getValue())) {
        removed.add(describe(name, attribute.getValue()));
        e.removeAttr(attribute.getKey());
      }
    }
  }

  private void count(int depth) {
    if (++elements > HtmlFormatter.MAX_HTML_ELEMENTS) {
      throw HtmlFormatter.tooManyElements(limitsField);
    }
    if (depth > HtmlFormatter.MAX_HTML_DEPTH) {
      throw HtmlFormatter.tooDeep(limitsField);
    }
  }

  private void countDescendants(Element e, int depth) {
    for (int i = 0; i < e.childNodeSize(); i++) {
      Node child = e.childNode(i);
      if (child instanceof Element) {
        count(depth);
        countDescendants((Element) child, depth + 1);
      }
    }
  }

  static boolean valueAllowed(String tag, String name, String value) {
    switch (name) {
      case "href":
        return LINK_SCHEMES.contains(scheme(value));
      case "src":
        return value.startsWith("mxc://");
      case "color":
      case "data-mx-color":
      case "data-mx-bg-color":
        return COLOR.matcher(value).matches();
      case "class":
        return tag.equals("code") && LANGUAGE_CLASS.matcher(value).matches();
      default:
        return true;
    }
  }

  private static String scheme(String url) {
    int colon = url.indexOf(':');
    return colon > 0 ? url.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
  }

  private static String describe(String name, String value) {
    if (name.equals("href")) {
      String scheme = scheme(value);
      return scheme.isEmpty() ? "a link without scheme" : "a " + scheme + ": link";
    }
    if (name.equals("src")) {
      return "an image that is not mxc://";
    }
    return name.startsWith("on") ? "the " + name + " handler" : "the " + name + " attribute";
  }
}
