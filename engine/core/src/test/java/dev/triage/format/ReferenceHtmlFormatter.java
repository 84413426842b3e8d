package dev.triage.format;

// The pre-issue-19 implementation, kept verbatim (only renamed) as the oracle that
// OneWalkFormattingProperties holds the one-walk DOM path to: do not change it to follow the
// main code; its answers are the ones the main code must keep giving.

import dev.triage.capability.Capabilities;
import dev.triage.json.InvalidInputException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Applies a chat's formatting levels to Matrix HTML: sanitizes it, finds the features it uses, and
 * per feature keeps it (levels 1 and 2), applies a plain-text fallback that keeps the meaning (0),
 * removes the markup and keeps the text (-1), or rejects the message (-2). A spoiler is never made
 * visible: where it cannot be kept, the message is rejected.
 *
 * <p>The resulting HTML is serialized from the sanitized DOM, never passed through as it came, and
 * only sent where a parser reads it back as that DOM; the text is regenerated from it. A body past
 * {@link #MAX_HTML_ELEMENTS} or {@link #MAX_HTML_DEPTH} is refused with an {@link
 * InvalidInputException}.
 */
final class ReferenceHtmlFormatter {
  /**
   * The most elements an HTML body may have: past it, formatting refuses the body with an {@link
   * InvalidInputException} naming this limit, before it is sanitized or rendered. Counted twice: as
   * the tags its source opens (checked before parsing, so a huge body fails at once) and as the
   * elements the parser made of it (stray end tags such as {@code </p>} make elements too).
   */
  public static final int MAX_HTML_ELEMENTS = 10_000;

  /**
   * The deepest elements of an HTML body may be nested, the body's own children being at depth 1:
   * past it, formatting refuses the body with an {@link InvalidInputException} naming this limit.
   * The Matrix spec asks clients to limit nesting to 100 levels, so no client renders more.
   */
  public static final int MAX_HTML_DEPTH = 100;

  /** How far past {@link #MAX_HTML_DEPTH} the parser may nest, so that it shows the excess. */
  private static final int PARSER_DEPTH_MARGIN = 8;

  private static final Pattern AT_ROOM = Pattern.compile("(?<![\\w@])@room\\b");

  private ReferenceHtmlFormatter() {}

  /** The plain-text rendering of an HTML body (after sanitizing): what length limits measure. */
  public static String plainText(String html) {
    Element body = parseInput(html, "html");
    ReferenceSanitizer.sanitize(body);
    return ReferencePlainText.render(body);
  }

  /** The features an HTML body uses, after sanitizing. */
  public static Set<FormattingFeature> features(String html) {
    return features(html, "html");
  }

  /** The features an HTML body uses, after sanitizing; {@code field} names it in a refusal. */
  static Set<FormattingFeature> features(String html, String field) {
    Element body = parseInput(html, field);
    ReferenceSanitizer.sanitize(body);
    Set<FormattingFeature> used = EnumSet.noneOf(FormattingFeature.class);
    for (Element e : body.getAllElements()) {
      if (e != body) {
        used.addAll(featuresOf(e));
      }
    }
    if (mentionsRoom(html, body)) {
      used.add(FormattingFeature.AT_ROOM_MENTION);
    }
    return used;
  }

  /**
   * Formats {@code html} for a chat.
   *
   * @param html the message's {@code org.matrix.custom.html}
   * @param text the message's plain text, kept when nothing changes
   * @param caps the chat's capabilities
   */
  public static Formatted format(String html, String text, Capabilities caps) {
    return format(html, text, caps, "html");
  }

  /** Formats {@code html}; {@code field} names it in a refusal ({@code text} for Markdown). */
  static Formatted format(String html, String text, Capabilities caps, String field) {
    FastScan.Unchanged unchanged = FastScan.scan(html, caps);
    if (unchanged != null) {
      return new Formatted(unchanged.html(), text, unchanged.used(), List.of(), List.of(), null);
    }
    return new ReferenceFormattingPass(caps).format(html, text, field);
  }

  /** The DOM path alone, for tests that hold the fast path to it. */
  static Formatted formatWithDom(String html, String text, Capabilities caps) {
    return new ReferenceFormattingPass(caps).format(html, text, "html");
  }

  /**
   * Whether the text of a sanitized body mentions {@code @room}, as a word of its own. Its text can
   * hold an {@code @} only if the source has one, or a character reference: without either, the
   * text is not even read.
   */
  static boolean mentionsRoom(String html, Element body) {
    return (html.indexOf('@') >= 0 || html.indexOf('&') >= 0)
        && AT_ROOM.matcher(body.text()).find();
  }

  /** Parses HTML that Triage made itself: no limits. */
  static Element parse(String html) {
    Document doc = Jsoup.parseBodyFragment(html);
    doc.outputSettings().prettyPrint(false);
    return doc.body();
  }

  /**
   * Parses a caller's HTML into a body element, within {@link #MAX_HTML_ELEMENTS} and {@link
   * #MAX_HTML_DEPTH}.
   *
   * @param field what the HTML is in the action ({@code html}, or {@code text} for Markdown)
   * @throws InvalidInputException past a limit
   */
  static Element parseInput(String html, String field) {
    int tags = 0;
    for (int lt = html.indexOf('<'); lt >= 0; lt = html.indexOf('<', lt + 1)) {
      if (lt + 1 < html.length() && isAsciiLetter(html.charAt(lt + 1))) {
        if (++tags > MAX_HTML_ELEMENTS) {
          throw tooManyElements(field);
        }
      }
    }
    // The parser folds nesting past its own maximum into siblings: past ours, it need not go deep.
    Parser parser = Parser.htmlParser().setMaxDepth(MAX_HTML_DEPTH + PARSER_DEPTH_MARGIN);
    Document doc = Document.createShell("");
    doc.outputSettings().prettyPrint(false);
    Element body = doc.body();
    // As Jsoup.parseBodyFragment does: all at once (one by one, each would shift the rest).
    body.appendChildren(parser.parseFragmentInput(html, body, ""));
    int[] elements = {0};
    NodeTraversor.filter(
        new NodeFilter() {
          @Override
          public FilterResult head(Node node, int depth) {
            if (node instanceof Element && depth > 0) {
              if (++elements[0] > MAX_HTML_ELEMENTS) {
                throw tooManyElements(field);
              }
              if (depth > MAX_HTML_DEPTH) {
                throw InvalidInputException.overLimit(
                    field,
                    "elements nested deeper than "
                        + MAX_HTML_DEPTH
                        + " levels (HtmlFormatter.MAX_HTML_DEPTH)");
              }
            }
            return FilterResult.CONTINUE;
          }
        },
        body);
    return body;
  }

  private static InvalidInputException tooManyElements(String field) {
    return InvalidInputException.overLimit(
        field, "more than " + MAX_HTML_ELEMENTS + " elements (HtmlFormatter.MAX_HTML_ELEMENTS)");
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** The inner HTML of an element, exactly as it is (no pretty printing). */
  static String innerHtml(Element element) {
    if (element.ownerDocument() == null) {
      Document doc = Jsoup.parseBodyFragment("");
      doc.outputSettings().prettyPrint(false);
      doc.body().appendChild(element);
    }
    element.ownerDocument().outputSettings().prettyPrint(false);
    return element.html();
  }

  /** The features one element itself uses (not its descendants'). */
  static Set<FormattingFeature> featuresOf(Element e) {
    Set<FormattingFeature> used = EnumSet.noneOf(FormattingFeature.class);
    FormattingFeature primary = primary(e);
    if (primary != null) {
      used.add(primary);
    }
    if (e.normalName().equals("ol") && hasStart(e)) {
      used.add(FormattingFeature.LIST_START);
    }
    if (e.normalName().equals("li") && e.hasAttr("value") && isIn(e, "ol")) {
      used.add(FormattingFeature.LIST_JUMP_VALUE);
    }
    if (e.normalName().equals("code") && isIn(e, "pre") && e.hasAttr("class")) {
      used.add(FormattingFeature.SYNTAX_HIGHLIGHTING);
    }
    if (e.hasAttr("data-mx-spoiler") && !e.attr("data-mx-spoiler").isEmpty()) {
      used.add(FormattingFeature.SPOILER_REASON);
    }
    if (e.hasAttr("data-mx-color") || (e.normalName().equals("font") && e.hasAttr("color"))) {
      used.add(FormattingFeature.FOREGROUND_COLOR);
    }
    if (e.hasAttr("data-mx-bg-color")) {
      used.add(FormattingFeature.BACKGROUND_COLOR);
    }
    return used;
  }

  static FormattingFeature primary(Element e) {
    switch (e.normalName()) {
      case "a":
        return e.hasAttr("href") ? MatrixLinks.classify(e.attr("href")) : null;
      case "img":
        return e.hasAttr("data-mx-emoticon") ? FormattingFeature.CUSTOM_EMOJI : null;
      default:
        FormattingFeature byTag =
            Tags.feature(e.normalName(), e.parent() == null ? null : e.parent().normalName());
        if (byTag != null) {
          return byTag;
        }
        if (e.hasAttr("data-mx-spoiler")) {
          return FormattingFeature.SPOILER;
        }
        if (e.hasAttr("data-mx-maths")) {
          return FormattingFeature.MATH;
        }
        return null;
    }
  }

  static boolean hasStart(Element ol) {
    return ol.hasAttr("start") && Tags.listStart(ol) != 1;
  }

  private static boolean isIn(Element e, String tag) {
    return e.parent() != null && e.parent().normalName().equals(tag);
  }

  /** A feature's name for messages: "Bold text", "Tables", … */
  static String describe(FormattingFeature feature) {
    switch (feature) {
      case BOLD:
        return "Bold text";
      case ITALIC:
        return "Italic text";
      case UNDERLINE:
        return "Underlined text";
      case STRIKETHROUGH:
        return "Struck-through text";
      case INLINE_CODE:
        return "Inline code";
      case CODE_BLOCK:
        return "Code blocks";
      case SYNTAX_HIGHLIGHTING:
        return "Syntax highlighting";
      case BLOCKQUOTE:
        return "Quotes";
      case INLINE_LINK:
        return "Links";
      case USER_LINK:
        return "User mentions";
      case ROOM_LINK:
        return "Room links";
      case EVENT_LINK:
        return "Message links";
      case AT_ROOM_MENTION:
        return "@room mentions";
      case UNORDERED_LIST:
        return "Bulleted lists";
      case ORDERED_LIST:
        return "Numbered lists";
      case LIST_START:
        return "List start numbers";
      case LIST_JUMP_VALUE:
        return "List item numbers";
      case CUSTOM_EMOJI:
        return "Custom emoji";
      case SPOILER:
        return "Spoilers";
      case SPOILER_REASON:
        return "Spoiler reasons";
      case FOREGROUND_COLOR:
        return "Text colours";
      case BACKGROUND_COLOR:
        return "Background colours";
      case HORIZONTAL_LINE:
        return "Horizontal lines";
      case HEADERS:
        return "Headings";
      case SUPERSCRIPT:
        return "Superscript";
      case SUBSCRIPT:
        return "Subscript";
      case MATH:
        return "Maths";
      case DETAILS_SUMMARY:
        return "Collapsible sections";
      case TABLE:
        return "Tables";
      default:
        throw new AssertionError(feature);
    }
  }
}
