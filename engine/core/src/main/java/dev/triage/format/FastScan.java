package dev.triage.format;

import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Decides, without building a DOM, that a body needs no change: every tag and attribute is in the
 * Matrix spec and every feature it uses is at level 2. Anything it is unsure of (comments, unquoted
 * attributes, a tag or attribute the sanitizer would touch, a feature below level 2) sends the body
 * down the DOM path, so it is only ever a shortcut to the same answer. Measured: it turns a 1 KiB
 * all-supported body from tens of microseconds into a few.
 */
final class FastScan {
  private static final Set<String> VOID_TAGS = Set.of("br", "hr", "img");

  private FastScan() {}

  /** The features a body uses, when it needs no change in this chat; else {@code null}. */
  static Set<FormattingFeature> unchangedFeatures(String html, Capabilities caps) {
    Set<FormattingFeature> used = EnumSet.noneOf(FormattingFeature.class);
    Deque<String> open = new ArrayDeque<>();
    int tags = 0;
    int i = 0;
    int n = html.length();
    while (i < n) {
      int lt = html.indexOf('<', i);
      if (lt < 0) {
        break;
      }
      if (lt + 1 >= n) {
        return null;
      }
      char next = html.charAt(lt + 1);
      if (next == '/') {
        int gt = html.indexOf('>', lt);
        if (gt < 0) {
          return null;
        }
        String expected = open.peek();
        if (expected == null
            || gt - (lt + 2) != expected.length()
            || !html.regionMatches(true, lt + 2, expected, 0, expected.length())) {
          return null; // mis-nesting or odd spacing: the DOM path knows how the parser mends it
        }
        open.pop();
        i = gt + 1;
        continue;
      }
      if (!Character.isLetter(next)) {
        return null; // comments, doctype, processing instructions, a stray '<'
      }
      int j = lt + 1;
      boolean upper = false;
      while (j < n && isNameChar(html.charAt(j))) {
        upper |= html.charAt(j) >= 'A' && html.charAt(j) <= 'Z';
        j++;
      }
      String tag = name(html, lt + 1, j, upper);
      if (!Sanitizer.ALLOWED_TAGS.contains(tag)
          || ++tags > HtmlFormatter.MAX_HTML_ELEMENTS
          || open.size() >= HtmlFormatter.MAX_HTML_DEPTH) {
        return null; // past a limit, the DOM path refuses the body
      }
      Set<String> allowed = Sanitizer.ALLOWED_ATTRIBUTES.getOrDefault(tag, Set.of());
      String parent = open.peek();
      boolean selfClosing = false;
      boolean hasHref = false;
      boolean hasSrc = false;
      while (true) {
        while (j < n && Character.isWhitespace(html.charAt(j))) {
          j++;
        }
        if (j >= n) {
          return null;
        }
        char c = html.charAt(j);
        if (c == '>') {
          j++;
          break;
        }
        if (c == '/' && j + 1 < n && html.charAt(j + 1) == '>') {
          selfClosing = true;
          j += 2;
          break;
        }
        int nameStart = j;
        boolean upperName = false;
        while (j < n && isNameChar(html.charAt(j))) {
          upperName |= html.charAt(j) >= 'A' && html.charAt(j) <= 'Z';
          j++;
        }
        if (j == nameStart) {
          return null;
        }
        String attribute = name(html, nameStart, j, upperName);
        String value = "";
        if (j < n && html.charAt(j) == '=') {
          j++;
          if (j >= n || (html.charAt(j) != '"' && html.charAt(j) != '\'')) {
            return null; // unquoted: leave it to the parser
          }
          char quote = html.charAt(j);
          int end = html.indexOf(quote, j + 1);
          if (end < 0) {
            return null;
          }
          int amp = html.indexOf('&', j + 1);
          if (amp >= 0 && amp < end) {
            return null; // entities in attributes: let the parser decode them
          }
          value = html.substring(j + 1, end);
          j = end + 1;
        }
        if (!allowed.contains(attribute) || !Sanitizer.valueAllowed(tag, attribute, value)) {
          return null;
        }
        if (!feature(used, tag, attribute, value, parent)) {
          return null;
        }
        hasHref |= attribute.equals("href");
        hasSrc |= attribute.equals("src");
      }
      if ((tag.equals("a") && !hasHref) || (tag.equals("img") && !hasSrc)) {
        return null; // the sanitizer would unwrap or replace these
      }
      FormattingFeature primary = Tags.feature(tag, parent);
      if (primary != null) {
        used.add(primary);
      }
      if (!selfClosing && !VOID_TAGS.contains(tag)) {
        open.push(tag);
      }
      i = j;
    }
    if (!open.isEmpty()) {
      return null;
    }
    if (html.contains("@room")) {
      used.add(FormattingFeature.AT_ROOM_MENTION);
    }
    for (FormattingFeature feature : used) {
      if (caps.formattingLevel(feature.key()) != Level.FULL) {
        return null;
      }
    }
    return used;
  }

  /** ASCII letters, digits and '-': HTML tag and attribute names as the spec's allowed ones are. */
  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  }

  /** A name, lower-cased only when it has capitals (most do not): a scan saved per tag. */
  private static String name(String html, int from, int to, boolean upper) {
    String name = html.substring(from, to);
    return upper ? name.toLowerCase(Locale.ROOT) : name;
  }

  /** The feature an attribute adds; false when its feature cannot be told without the DOM. */
  private static boolean feature(
      Set<FormattingFeature> used, String tag, String attribute, String value, String parent) {
    switch (attribute) {
      case "href":
        used.add(MatrixLinks.classify(value));
        return true;
      case "start":
        if (Tags.parseLong(value, 1) != 1) {
          used.add(FormattingFeature.LIST_START);
        }
        return true;
      case "value":
        if (!"ol".equals(parent)) {
          return false;
        }
        used.add(FormattingFeature.LIST_JUMP_VALUE);
        return true;
      case "class":
        if (!"pre".equals(parent)) {
          return false;
        }
        used.add(FormattingFeature.SYNTAX_HIGHLIGHTING);
        return true;
      case "data-mx-spoiler":
        used.add(FormattingFeature.SPOILER);
        if (!value.isEmpty()) {
          used.add(FormattingFeature.SPOILER_REASON);
        }
        return true;
      case "data-mx-color":
      case "color":
        used.add(FormattingFeature.FOREGROUND_COLOR);
        return true;
      case "data-mx-bg-color":
        used.add(FormattingFeature.BACKGROUND_COLOR);
        return true;
      case "data-mx-maths":
        used.add(FormattingFeature.MATH);
        return true;
      case "data-mx-emoticon":
        used.add(FormattingFeature.CUSTOM_EMOJI);
        return true;
      default:
        return true;
    }
  }
}
