package dev.triage.format;

// The pre-issue-19 implementation, kept verbatim (only renamed) as the oracle that
// OneWalkFormattingProperties holds the one-walk DOM path to: do not change it to follow the
// main code; its answers are the ones the main code must keep giving.

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
final class ReferenceSanitizer {
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

  private ReferenceSanitizer() {}

  /**
   * Sanitizes the children of {@code root} in place.
   *
   * @return what was removed, in words ({@code <script>}, {@code onclick}, …); empty if nothing
   */
  static List<String> sanitize(Element root) {
    ReferenceSanitizer sanitizer = new ReferenceSanitizer();
    sanitizer.children(root);
    ReferenceSplice.flatten(root);
    return new ArrayList<>(sanitizer.removed);
  }

  private void children(Element parent) {
    // Nothing here changes the child list: removals are marks that ReferenceSplice.flatten carries
    // out.
    for (Node child : parent.childNodes()) {
      if (child instanceof Element) {
        element((Element) child);
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

  private void element(Element e) {
    String tag = e.normalName();
    if (DROPPED_WITH_CONTENT.contains(tag)) {
      removed.add("<" + tag + ">");
      ReferenceSplice.remove(e);
      return;
    }
    children(e);
    if (!ALLOWED_TAGS.contains(tag)) {
      removed.add("<" + tag + ">");
      ReferenceSplice.unwrap(e);
      return;
    }
    Set<String> allowed = ALLOWED_ATTRIBUTES.getOrDefault(tag, Set.of());
    for (Attribute attribute : new ArrayList<>(e.attributes().asList())) {
      String name = attribute.getKey().toLowerCase(Locale.ROOT);
      if (!allowed.contains(name) || !valueAllowed(tag, name, attribute.getValue())) {
        removed.add(describe(name, attribute.getValue()));
        e.removeAttr(attribute.getKey());
      }
    }
    if (tag.equals("a") && !e.hasAttr("href")) {
      // A link whose target was removed is its text.
      ReferenceSplice.unwrap(e);
    } else if (tag.equals("img") && !e.hasAttr("src")) {
      // An image that cannot be shown is its alt text.
      ReferenceSplice.replaceWithText(e, e.attr("alt"));
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
