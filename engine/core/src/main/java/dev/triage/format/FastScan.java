package dev.triage.format;

import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, without building a DOM, that a body needs no change, and gives the HTML the DOM path
 * would send for it: the body itself, byte for byte (a void tag written {@code <br/>} or {@code <br
 * />} aside, which it writes {@code <br>}, as the DOM path does). Measured: it turns a 1 KiB
 * all-supported body from tens of microseconds into a few.
 *
 * <p>It accepts a strict grammar, chosen so that an HTML parser builds exactly the tree it reads
 * and serializes it back to the same bytes; anything else goes down the DOM path, so it is only
 * ever a shortcut to the same answer ({@code FormattingProperties} holds it to that):
 *
 * <ul>
 *   <li>Text: no control characters but tab and newline, no {@code >}, no raw no-break space, no
 *       {@code @} (an {@code @room} mention is the DOM path's to read), and {@code &} only in
 *       {@code &amp;}, {@code &lt;}, {@code &gt;} and {@code &nbsp;}.
 *   <li>Start tags: {@code <name>} or {@code <name attr="value" flag>}, in lower case, one space
 *       before each attribute, no space before {@code >}; only allowlisted tags, except tables and
 *       {@code mx-reply} (the parser rebuilds tables), and {@code span} or {@code font} without
 *       attributes (the formatter unwraps those).
 *   <li>Attributes: allowlisted for their tag, each at most once, with a value the sanitizer keeps,
 *       in double quotes or none; a value without control characters, {@code <}, {@code >} or raw
 *       no-break space, and {@code &} only in {@code &amp;} and {@code &quot;}. A link has its
 *       {@code href}, an image its {@code src}.
 *   <li>End tags: {@code </name>}, closing the innermost open element; every element is closed, but
 *       {@code br}, {@code hr} and {@code img}, which have no end tag.
 *   <li>Nesting: text-level elements ({@code b}, {@code a}, {@code code}, {@code span}, …) hold
 *       text and text-level elements only, and no link holds a link; {@code p}, {@code h1}–{@code
 *       h6}, {@code pre} and {@code summary} hold the same; {@code div}, {@code blockquote}, {@code
 *       li}, {@code details} and the body hold anything; {@code ul} and {@code ol} hold {@code li}
 *       and whitespace; {@code li} stands only in a list, {@code summary} only in {@code details};
 *       no newline right after {@code <pre>} (the parser drops it).
 *   <li>No comments, doctype, processing instructions or CDATA: any {@code <!} or {@code <?}.
 *   <li>Within {@link HtmlFormatter#MAX_HTML_ELEMENTS} and {@link HtmlFormatter#MAX_HTML_DEPTH}.
 * </ul>
 *
 * <p>Every feature the body uses must be at level 2 too: below, the DOM path has a note to make.
 */
final class FastScan {
  /** Where an element may stand in the grammar, and what it may hold. */
  private enum Kind {
    /** Holds text and text-level elements only; stands where text may. */
    TEXT_LEVEL,
    /** A block that holds text-level content only. */
    TEXT_BLOCK,
    /** A block that holds anything: blocks and text. */
    FLOW,
    /** ul and ol: hold li and whitespace. */
    LIST,
    /** hr: a block without content. */
    RULE
  }

  /** The allowlisted tags the grammar takes, by kind: no tables, no mx-reply. */
  private static final Map<String, Kind> KINDS = kinds();

  private static Map<String, Kind> kinds() {
    Map<String, Kind> kinds = new HashMap<>();
    for (String tag :
        List.of(
            "b", "strong", "i", "em", "u", "del", "s", "strike", "sup", "sub", "code", "span",
            "font", "a", "br", "img")) {
      kinds.put(tag, Kind.TEXT_LEVEL);
    }
    for (String tag : List.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "summary")) {
      kinds.put(tag, Kind.TEXT_BLOCK);
    }
    for (String tag : List.of("div", "blockquote", "li", "details")) {
      kinds.put(tag, Kind.FLOW);
    }
    kinds.put("ul", Kind.LIST);
    kinds.put("ol", Kind.LIST);
    kinds.put("hr", Kind.RULE);
    return Map.copyOf(kinds);
  }

  private static final Set<String> VOID_TAGS = Set.of("br", "hr", "img");

  /** ASCII characters that text cannot hold as they are, or that start markup or a reference. */
  private static final boolean[] SPECIAL = new boolean[128];

  static {
    for (char c = 0; c < ' '; c++) {
      SPECIAL[c] = true;
    }
    for (char c : new char[] {'<', '>', '&', '@', 0x7f}) {
      SPECIAL[c] = true;
    }
  }

  private static final String[] TEXT_ENTITIES = {"&amp;", "&lt;", "&gt;", "&nbsp;"};
  private static final String[] ATTRIBUTE_ENTITIES = {"&amp;", "&quot;"};

  /** What the fast path found: the HTML to send and the features it uses. */
  record Unchanged(String html, Set<FormattingFeature> used) {}

  private final String html;
  private final Set<FormattingFeature> used = EnumSet.noneOf(FormattingFeature.class);

  /** The open elements, innermost last, and their kinds. */
  private final String[] openTags = new String[HtmlFormatter.MAX_HTML_DEPTH];

  private final Kind[] openKinds = new Kind[HtmlFormatter.MAX_HTML_DEPTH];
  private int depth;

  /** The HTML written so far, once it differs from the input (a void tag's slash); else null. */
  private StringBuilder out;

  /** Whether a link is open: no link may hold another. */
  private boolean inLink;

  /**
   * The chat's levels, to stop at the first feature it would change; null for the grammar alone.
   */
  private final Capabilities caps;

  /** Whether a feature below level 2 was met: the body needs the DOM path, however it goes on. */
  private boolean needsChange;

  private FastScan(String html, Capabilities caps) {
    this.html = html;
    this.caps = caps;
  }

  /** The features a body uses, when it needs no change in this chat; else {@code null}. */
  static Set<FormattingFeature> unchangedFeatures(String html, Capabilities caps) {
    Unchanged unchanged = scan(html, caps);
    return unchanged == null ? null : unchanged.used();
  }

  /**
   * The body as the DOM path would send it and its features, when it needs no change; else null.
   */
  static Unchanged scan(String html, Capabilities caps) {
    FastScan scan = new FastScan(html, caps);
    // Each feature's level was checked as it was first met: a body true to the grammar uses only
    // features at 2.
    if (!scan.body()) {
      return null;
    }
    return new Unchanged(scan.out == null ? html : scan.out.toString(), scan.used);
  }

  /**
   * Whether {@code html} is in the grammar as it is written (no void tag's slash to drop): then a
   * parser reads it back as the tree it was written from, without building one.
   */
  static boolean readsBackAsItself(String html) {
    FastScan scan = new FastScan(html, null);
    return scan.body() && scan.out == null;
  }

  private boolean body() {
    int n = html.length();
    int i = 0;
    int tags = 0;
    while (i < n) {
      int lt = text(i);
      if (lt < 0) {
        return false;
      }
      copy(i, lt);
      if (lt == n) {
        break;
      }
      if (lt + 1 >= n) {
        return false;
      }
      int end;
      if (html.charAt(lt + 1) == '/') {
        end = endTag(lt);
      } else {
        if (++tags > HtmlFormatter.MAX_HTML_ELEMENTS || depth >= HtmlFormatter.MAX_HTML_DEPTH) {
          return false; // past a limit: the DOM path refuses the body
        }
        end = startTag(lt);
      }
      if (end < 0 || needsChange) {
        return false;
      }
      i = end;
    }
    return depth == 0;
  }

  /**
   * Checks the text from {@code from} to the next {@code <} against the grammar and the element it
   * stands in; returns where it ends (the {@code <}, or the end of the body), or -1.
   */
  private int text(int from) {
    int n = html.length();
    boolean whitespaceOnly = depth > 0 && openKinds[depth - 1] == Kind.LIST;
    for (int i = from; i < n; i++) {
      char c = html.charAt(i);
      if (c < 128 && !SPECIAL[c] && !whitespaceOnly) {
        continue; // most text: printable ASCII, written back as it is
      }
      if (c == '<') {
        return i;
      }
      if (whitespaceOnly && c != ' ' && c != '\n' && c != '\t') {
        return -1;
      }
      if (c == '&') {
        int entity = entity(i, false);
        if (entity < 0) {
          return -1;
        }
        i = entity - 1;
      } else if (!plain(c, i, true)) {
        return -1;
      }
    }
    return n;
  }

  /**
   * Whether a character stands for itself when serialized: not a control character (in text, tab
   * and newline are fine), not a no-break space (written {@code &nbsp;}), not {@code >} (written
   * {@code &gt;}), not a lone surrogate, and in text not {@code @}.
   */
  private boolean plain(char c, int at, boolean inText) {
    if (c < 0x20) {
      return inText && (c == '\t' || c == '\n');
    }
    if ((c >= 0x7f && c <= 0x9f) || c == '\u00a0' || c == '>' || c == '<') {
      return false;
    }
    if (inText && c == '@') {
      return false;
    }
    if (Character.isHighSurrogate(c)) {
      return at + 1 < html.length() && Character.isLowSurrogate(html.charAt(at + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return at > 0 && Character.isHighSurrogate(html.charAt(at - 1));
    }
    return true;
  }

  /**
   * The end of a character reference the serializer writes back the same, at {@code amp}; -1 for
   * any other.
   */
  private int entity(int amp, boolean inAttribute) {
    for (String entity : inAttribute ? ATTRIBUTE_ENTITIES : TEXT_ENTITIES) {
      if (html.startsWith(entity, amp)) {
        return amp + entity.length();
      }
    }
    return -1;
  }

  /** Reads {@code </name>} at {@code lt}; returns the index after it, or -1. */
  private int endTag(int lt) {
    String expected = depth == 0 ? null : openTags[depth - 1];
    int nameStart = lt + 2;
    if (expected == null
        || !html.startsWith(expected, nameStart)
        || nameStart + expected.length() >= html.length()
        || html.charAt(nameStart + expected.length()) != '>') {
      return -1; // mis-nesting, attributes, spacing or case: the parser's to mend
    }
    depth--;
    if (expected.equals("a")) {
      inLink = false;
    }
    int end = nameStart + expected.length() + 1;
    copy(lt, end);
    return end;
  }

  /** Reads a start tag at {@code lt}; returns the index after it, or -1. */
  private int startTag(int lt) {
    int n = html.length();
    int j = lt + 1;
    while (j < n && isNameChar(html.charAt(j))) {
      j++;
    }
    String tag = html.substring(lt + 1, j);
    Kind kind = KINDS.get(tag);
    String parent = depth == 0 ? null : openTags[depth - 1];
    Kind parentKind = depth == 0 ? Kind.FLOW : openKinds[depth - 1];
    if (kind == null || !allowedIn(tag, kind, parent, parentKind)) {
      return -1; // not allowlisted, a table, mx-reply, not lower case, or out of place
    }
    boolean isVoid = VOID_TAGS.contains(tag);
    Set<String> allowed = Sanitizer.ALLOWED_ATTRIBUTES.getOrDefault(tag, Set.of());
    String[] seen = null;
    int attributes = 0;
    boolean hasHref = false;
    boolean hasSrc = false;
    while (true) {
      if (j >= n) {
        return -1;
      }
      char c = html.charAt(j);
      if (c == '>') {
        copy(lt, j + 1);
        j++;
        break;
      }
      if (isVoid && (html.startsWith("/>", j) || html.startsWith(" />", j))) {
        // Written <br/> or <br />: the DOM path writes <br>.
        if (out == null) {
          out = new StringBuilder(html.length()).append(html, 0, lt);
        }
        out.append(html, lt, j).append('>');
        j = html.indexOf('>', j) + 1;
        break;
      }
      if (c != ' ' || j + 1 >= n) {
        return -1;
      }
      int nameStart = j + 1;
      j = nameStart;
      while (j < n && isNameChar(html.charAt(j))) {
        j++;
      }
      if (j == nameStart || j >= n) {
        return -1;
      }
      String attribute = html.substring(nameStart, j);
      if (!allowed.contains(attribute)) {
        return -1;
      }
      if (seen == null) {
        seen = new String[allowed.size()];
      }
      for (int k = 0; k < attributes; k++) {
        if (seen[k].equals(attribute)) {
          return -1; // a parser keeps the first of two: the DOM path says so
        }
      }
      seen[attributes++] = attribute;
      String value = "";
      if (html.charAt(j) == '=') {
        if (j + 1 >= n || html.charAt(j + 1) != '"') {
          return -1; // unquoted or single-quoted
        }
        int valueStart = j + 2;
        int quote = html.indexOf('"', valueStart);
        if (quote < 0) {
          return -1;
        }
        value = value(valueStart, quote);
        if (value == null) {
          return -1;
        }
        j = quote + 1;
      } else if (html.charAt(j) != ' ' && html.charAt(j) != '>' && html.charAt(j) != '/') {
        return -1;
      }
      if (!Sanitizer.valueAllowed(tag, attribute, value)
          || !feature(tag, attribute, value, parent)) {
        return -1;
      }
      hasHref |= attribute.equals("href");
      hasSrc |= attribute.equals("src");
    }
    if ((tag.equals("a") && !hasHref) || (tag.equals("img") && !hasSrc)) {
      return -1; // the sanitizer would unwrap or replace these
    }
    if ((tag.equals("span") || tag.equals("font")) && attributes == 0) {
      return -1; // the formatter unwraps these
    }
    if (tag.equals("pre") && j < n && html.charAt(j) == '\n') {
      return -1; // the parser drops a newline right after <pre>
    }
    FormattingFeature primary = Tags.feature(tag, parent);
    if (primary != null) {
      use(primary);
    }
    if (!isVoid) {
      openTags[depth] = tag;
      openKinds[depth++] = kind;
      inLink |= tag.equals("a");
    }
    return j;
  }

  /** Whether {@code tag} may stand in {@code parent} (null: the body) in the grammar. */
  private boolean allowedIn(String tag, Kind kind, String parent, Kind parentKind) {
    if (tag.equals("a") && inLink) {
      return false;
    }
    if (tag.equals("li")) {
      return parentKind == Kind.LIST;
    }
    if (tag.equals("summary")) {
      return "details".equals(parent);
    }
    switch (parentKind) {
      case FLOW:
        return true;
      case LIST:
        return false; // only li, above
      default:
        // In text-level elements and text blocks: text-level elements only.
        return kind == Kind.TEXT_LEVEL;
    }
  }

  /** The value in [from, to), decoded; null where the grammar does not allow it. */
  private String value(int from, int to) {
    StringBuilder decoded = null;
    for (int i = from; i < to; i++) {
      char c = html.charAt(i);
      if (c == '&') {
        int entity = entity(i, true);
        if (entity < 0) {
          return null;
        }
        if (decoded == null) {
          decoded = new StringBuilder(to - from).append(html, from, i);
        }
        decoded.append(html.startsWith("&amp;", i) ? '&' : '"');
        i = entity - 1;
      } else if (!plain(c, i, false)) {
        return null;
      } else if (decoded != null) {
        decoded.append(c);
      }
    }
    return decoded == null ? html.substring(from, to) : decoded.toString();
  }

  /** Copies [from, to) of the input to the output, once the output differs from the input. */
  private void copy(int from, int to) {
    if (out != null) {
      out.append(html, from, to);
    }
  }

  /** Lower-case ASCII letters, digits and '-': the allowlist's names, written as it writes them. */
  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  }

  /** The feature an attribute adds; false when its feature cannot be told without the DOM. */
  private boolean feature(String tag, String attribute, String value, String parent) {
    switch (attribute) {
      case "href":
        use(MatrixLinks.classify(value));
        return true;
      case "start":
        if (Tags.parseLong(value, 1) != 1) {
          use(FormattingFeature.LIST_START);
        }
        return true;
      case "value":
        if (!"ol".equals(parent)) {
          return false;
        }
        use(FormattingFeature.LIST_JUMP_VALUE);
        return true;
      case "class":
        if (!"pre".equals(parent)) {
          return false;
        }
        use(FormattingFeature.SYNTAX_HIGHLIGHTING);
        return true;
      case "data-mx-spoiler":
        use(FormattingFeature.SPOILER);
        if (!value.isEmpty()) {
          use(FormattingFeature.SPOILER_REASON);
        }
        return true;
      case "data-mx-color":
      case "color":
        use(FormattingFeature.FOREGROUND_COLOR);
        return true;
      case "data-mx-bg-color":
        use(FormattingFeature.BACKGROUND_COLOR);
        return true;
      case "data-mx-maths":
        use(FormattingFeature.MATH);
        return true;
      case "data-mx-emoticon":
        use(FormattingFeature.CUSTOM_EMOJI);
        return true;
      default:
        return true;
    }
  }

  /**
   * Notes a feature the body uses; the first time, where the chat has it below level 2, the body
   * needs the DOM path: the scan stops there rather than read the rest for nothing.
   */
  private void use(FormattingFeature feature) {
    if (used.add(feature) && caps != null && caps.formattingLevel(feature.key()) != Level.FULL) {
      needsChange = true;
    }
  }
}
