package dev.triage.format;

import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * One formatting pass over one message's sanitized DOM: each element decided by its feature's level
 * (kept, converted to its fallback, stripped, or the message refused), text kept, and the result
 * serialized once. What {@link HtmlFormatter#format} runs after parsing.
 */
final class FormattingPass {
  private static final int FEATURE_COUNT = FormattingFeature.values().length;

  private final Capabilities caps;
  private final Set<FormattingFeature> used = EnumSet.noneOf(FormattingFeature.class);

  /** One change per feature: the first element that needed it decides the message. */
  private final Map<FormattingFeature, Formatted.Change> changes = new LinkedHashMap<>();

  private Formatted.Change rejection;

  /** The chat's level of each feature, by ordinal, once looked up. */
  private final Level[] levels = new Level[FEATURE_COUNT];

  FormattingPass(Capabilities caps) {
    this.caps = caps;
  }

  Formatted format(String html, String text, String field) {
    Element body = HtmlFormatter.parseSource(html, field);
    // One walk checks the limits, sanitizes and flattens what it removed.
    List<String> sanitized = Sanitizer.checkAndSanitize(body, field);
    // Read before any fallback adds text (a link's target, say), as HtmlFormatter.features() reads
    // it.
    boolean atRoom = HtmlFormatter.mentionsRoom(html, body);
    decideChildren(body);
    if (rejection == null && atRoom) {
      mentions();
    }
    if (rejection != null) {
      return new Formatted(null, text, used, List.of(), sanitized, rejection);
    }
    Splice.flatten(body);
    List<Formatted.Change> all = new ArrayList<>(changes.values());
    String serialized = body.html();
    if (!readsBackAsItself(serialized)) {
      // A parser would build another tree from it than the one decided on (a link nested in a
      // link once an unwrapped <marquee> no longer parts them, say), and could move a spoiler's
      // content out of it: only the text, rendered from the tree decided on, is sent.
      List<String> removed = new ArrayList<>(sanitized);
      removed.add("markup that a parser would read otherwise");
      return new Formatted(null, PlainText.render(body), used, all, removed, null);
    }
    if (all.isEmpty() && sanitized.isEmpty()) {
      // The same body, as Triage writes it: the caller's bytes never leave (a doctype, an end
      // tag's attributes, a second href are gone from the DOM, though nothing was removed).
      return new Formatted(
          serialized.isEmpty() ? null : serialized, text, used, all, sanitized, null);
    }
    String rendered = PlainText.render(body);
    boolean formattingLeft = holdsFormatting(body);
    return new Formatted(formattingLeft ? serialized : null, rendered, used, all, sanitized, null);
  }

  /**
   * Decides every element under {@code parent} in one walk: children before parents, so that a
   * parent's fallback renders its children's result, and the last child first. That order, the one
   * of a document-order list read backwards, decides which element's change is noted first and
   * which rejection answers. Nothing an element's decision does touches its parent's children (see
   * {@link Splice}), and what it adds under itself is not walked.
   */
  private void decideChildren(Element parent) {
    for (int i = parent.childNodeSize() - 1; i >= 0 && rejection == null; i--) {
      Node child = parent.childNode(i);
      if (child instanceof Element) {
        Element e = (Element) child;
        decideChildren(e);
        if (rejection == null) {
          element(e);
        }
      }
    }
  }

  /** Whether anything under {@code root} is formatting: an element other than p and br. */
  private static boolean holdsFormatting(Element root) {
    for (int i = 0; i < root.childNodeSize(); i++) {
      Node child = root.childNode(i);
      if (child instanceof Element) {
        Element e = (Element) child;
        if (!e.normalName().equals("p") && !e.normalName().equals("br")) {
          return true;
        }
        if (holdsFormatting(e)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a receiver's parser builds, from {@code html}, the tree it was written from. */
  private static boolean readsBackAsItself(String html) {
    // Most bodies are in the fast path's grammar, which is read back as written: no parse.
    return FastScan.readsBackAsItself(html)
        || HtmlFormatter.innerHtml(HtmlFormatter.parse(html)).equals(html);
  }

  private Level level(FormattingFeature feature) {
    // Looked up by key once per message rather than once per element.
    Level level = levels[feature.ordinal()];
    if (level == null) {
      level = caps.formattingLevel(feature.key());
      levels[feature.ordinal()] = level;
    }
    return level;
  }

  /** Notes a feature's treatment once; returns false after a rejection. */
  private boolean decide(FormattingFeature feature, Level level, String message) {
    if (level == Level.REJECTED) {
      rejection =
          new Formatted.Change(
              feature, level, HtmlFormatter.describe(feature) + ": refused by this network.");
      return false;
    }
    changes.putIfAbsent(feature, new Formatted.Change(feature, level, message));
    return true;
  }

  private void element(Element e) {
    FormattingFeature primary = HtmlFormatter.primary(e);
    HtmlFormatter.addFeatures(e, primary, used);
    if (primary == FormattingFeature.SPOILER) {
      spoiler(e);
      return;
    }
    colors(e);
    if (rejection != null || primary == null) {
      return;
    }
    Level level = level(primary);
    if (level.isSupported()) {
      if (level == Level.PARTIAL) {
        changes.putIfAbsent(
            primary,
            new Formatted.Change(
                primary,
                level,
                HtmlFormatter.describe(primary) + ": partly supported here; may be converted."));
      }
      subFeatures(e, primary);
      return;
    }
    if (level == Level.REJECTED) {
      decide(primary, level, "");
      return;
    }
    if (level == Level.UNSUPPORTED) {
      fallback(e, primary);
    } else {
      strip(e, primary);
    }
  }

  private void spoiler(Element e) {
    Level level = level(FormattingFeature.SPOILER);
    if (!level.isSupported()) {
      // Safety: never turn a spoiler into visible text.
      rejection =
          new Formatted.Change(
              FormattingFeature.SPOILER,
              level,
              "Spoilers are not supported here; the message was not sent, so the spoiler stays"
                  + " hidden.");
      return;
    }
    String reason = e.attr("data-mx-spoiler");
    if (!reason.isEmpty()) {
      Level reasonLevel = level(FormattingFeature.SPOILER_REASON);
      if (!reasonLevel.isSupported()
          && decide(
              FormattingFeature.SPOILER_REASON,
              reasonLevel,
              "Spoiler reasons are not supported here; the reason was left out.")) {
        e.attr("data-mx-spoiler", "");
      }
    }
    colors(e);
  }

  private void colors(Element e) {
    colorAttribute(e, "data-mx-color", FormattingFeature.FOREGROUND_COLOR);
    if (e.normalName().equals("font")) {
      colorAttribute(e, "color", FormattingFeature.FOREGROUND_COLOR);
    }
    colorAttribute(e, "data-mx-bg-color", FormattingFeature.BACKGROUND_COLOR);
    if (rejection == null
        && (e.normalName().equals("font") || e.normalName().equals("span"))
        && e.attributes().isEmpty()) {
      Splice.unwrap(e);
    }
  }

  private void colorAttribute(Element e, String attribute, FormattingFeature feature) {
    if (rejection != null || !e.hasAttr(attribute)) {
      return;
    }
    Level level = level(feature);
    if (!level.isSupported()
        && decide(
            feature, level, HtmlFormatter.describe(feature) + ": not supported here; left out.")) {
      e.removeAttr(attribute);
    }
  }

  private void subFeatures(Element e, FormattingFeature primary) {
    if (primary == FormattingFeature.CODE_BLOCK) {
      for (Element code : e.children()) {
        if (code.normalName().equals("code") && code.hasAttr("class")) {
          Level level = level(FormattingFeature.SYNTAX_HIGHLIGHTING);
          if (!level.isSupported()
              && decide(
                  FormattingFeature.SYNTAX_HIGHLIGHTING,
                  level,
                  "Syntax highlighting is not supported here; the code is sent without it.")) {
            code.removeAttr("class");
          }
        }
      }
    } else if (primary == FormattingFeature.ORDERED_LIST) {
      boolean start = HtmlFormatter.hasStart(e);
      boolean jumps = e.children().stream().anyMatch(li -> li.hasAttr("value"));
      Level startLevel = level(FormattingFeature.LIST_START);
      Level jumpLevel = level(FormattingFeature.LIST_JUMP_VALUE);
      if (start && startLevel == Level.REJECTED) {
        decide(FormattingFeature.LIST_START, startLevel, "");
      } else if (jumps && jumpLevel == Level.REJECTED) {
        decide(FormattingFeature.LIST_JUMP_VALUE, jumpLevel, "");
      } else if ((start && startLevel == Level.UNSUPPORTED)
          || (jumps && jumpLevel == Level.UNSUPPORTED)) {
        // The numbers carry meaning: write them out as text.
        FormattingFeature feature =
            start && startLevel == Level.UNSUPPORTED
                ? FormattingFeature.LIST_START
                : FormattingFeature.LIST_JUMP_VALUE;
        decide(
            feature,
            Level.UNSUPPORTED,
            HtmlFormatter.describe(feature)
                + ": not supported here; the list was sent as numbered lines.");
        replaceWithLines(e, render(e));
      } else {
        if (start && startLevel == Level.DROPPED) {
          decide(
              FormattingFeature.LIST_START,
              startLevel,
              "List start numbers are not supported here; the list starts at 1.");
          e.removeAttr("start");
        }
        if (jumps && jumpLevel == Level.DROPPED) {
          decide(
              FormattingFeature.LIST_JUMP_VALUE,
              jumpLevel,
              "List item numbers are not supported here; the items are numbered in order.");
          e.children().forEach(li -> li.removeAttr("value"));
        }
      }
    }
  }

  /** Level 0: a plain-text form that keeps the meaning. */
  private void fallback(Element e, FormattingFeature feature) {
    String sent = HtmlFormatter.describe(feature) + ": not supported here; ";
    switch (feature) {
      case BOLD:
      case ITALIC:
      case UNDERLINE:
      case HEADERS:
        decide(feature, Level.UNSUPPORTED, sent + "sent as plain text.");
        unwrapBlock(e);
        return;
      case DETAILS_SUMMARY:
        decide(feature, Level.UNSUPPORTED, sent + "the summary, then the content, as text.");
        replaceWithLines(e, render(e));
        return;
      case STRIKETHROUGH:
        decide(feature, Level.UNSUPPORTED, sent + "marked with ~~ instead.");
        surround(e, "~~", "~~");
        return;
      case SUPERSCRIPT:
        decide(feature, Level.UNSUPPORTED, sent + "written as ^(…) instead.");
        surround(e, "^(", ")");
        return;
      case SUBSCRIPT:
        decide(feature, Level.UNSUPPORTED, sent + "written as _(…) instead.");
        surround(e, "_(", ")");
        return;
      case INLINE_CODE:
        decide(feature, Level.UNSUPPORTED, sent + "marked with backticks instead.");
        surround(e, "`", "`");
        return;
      case CODE_BLOCK:
        decide(feature, Level.UNSUPPORTED, sent + "sent verbatim between ``` lines.");
        replaceWithLines(e, "```\n" + keepSpaces(Tags.wholeText(e)) + "\n```");
        return;
      case BLOCKQUOTE:
      case UNORDERED_LIST:
      case ORDERED_LIST:
      case TABLE:
        decide(feature, Level.UNSUPPORTED, sent + "sent as lines of text.");
        replaceWithLines(e, render(e));
        return;
      case HORIZONTAL_LINE:
        decide(feature, Level.UNSUPPORTED, sent + "sent as ---.");
        replaceWithLines(e, "---");
        return;
      case INLINE_LINK:
      case ROOM_LINK:
      case EVENT_LINK:
        decide(feature, Level.UNSUPPORTED, sent + "sent as text (link).");
        String label = PlainText.render(e);
        String href = e.attr("href");
        Splice.replaceWithText(
            e, label.equals(href) || label.isEmpty() ? href : label + " (" + href + ")");
        return;
      case USER_LINK:
        decide(feature, Level.UNSUPPORTED, sent + "sent as the user's display name.");
        Splice.unwrap(e);
        return;
      case CUSTOM_EMOJI:
        decide(feature, Level.UNSUPPORTED, sent + "sent as the emoji's name.");
        Splice.replaceWithText(e, emojiName(e));
        return;
      case MATH:
        decide(feature, Level.UNSUPPORTED, sent + "sent as its LaTeX source.");
        String latex = e.attr("data-mx-maths");
        if (e.normalName().equals("div")) {
          replaceWithLines(e, "$$" + latex + "$$");
        } else {
          Splice.replaceWithText(e, "$" + latex + "$");
        }
        return;
      default:
        throw new AssertionError(feature);
    }
  }

  /** Level -1: the markup goes, the text stays. */
  private void strip(Element e, FormattingFeature feature) {
    decide(
        feature,
        Level.DROPPED,
        HtmlFormatter.describe(feature) + ": not supported here; the formatting was removed.");
    switch (feature) {
      case CODE_BLOCK:
        replaceWithLines(e, keepSpaces(Tags.wholeText(e)));
        return;
      case UNORDERED_LIST:
      case ORDERED_LIST:
        StringBuilder lines = new StringBuilder();
        // Every child is kept: an earlier fallback may have left text where an item was.
        for (int i = 0; i < e.childNodeSize(); i++) {
          Node item = e.childNode(i);
          String line =
              item instanceof Element
                  ? render((Element) item)
                  : item instanceof TextNode ? ((TextNode) item).text().strip() : "";
          if (!line.isEmpty()) {
            lines.append(lines.length() == 0 ? "" : "\n").append(line);
          }
        }
        replaceWithLines(e, lines.toString());
        return;
      case TABLE:
        // The cell bars go with the markup; a bar in a cell's text stays.
        replaceWithLines(e, PlainText.render(e, " "));
        return;
      case BLOCKQUOTE:
      case DETAILS_SUMMARY:
      case HEADERS:
        // The element's own markers (quote marks) go with its markup.
        replaceWithLines(e, PlainText.render(e));
        return;
      case HORIZONTAL_LINE:
        // The line goes; the break between what it separated stays.
        e.tagName("br");
        e.clearAttributes();
        return;
      case CUSTOM_EMOJI:
        Splice.replaceWithText(e, emojiName(e));
        return;
      default:
        Splice.unwrap(e);
    }
  }

  /** {@code @room} mentions are text; below level 1 they stay text but notify nobody. */
  private void mentions() {
    used.add(FormattingFeature.AT_ROOM_MENTION);
    Level level = level(FormattingFeature.AT_ROOM_MENTION);
    if (!level.isSupported()) {
      decide(
          FormattingFeature.AT_ROOM_MENTION,
          level,
          "@room mentions are not supported here; sent as text, nobody is notified.");
    }
  }

  /**
   * Code as paragraph text: HTML collapses spaces, so runs of them and indentation become no-break
   * spaces, and the trailing newline goes.
   */
  private static String keepSpaces(String code) {
    String trimmed = code.endsWith("\n") ? code.substring(0, code.length() - 1) : code;
    return trimmed.replace("  ", "\u00a0\u00a0").replaceAll("(?m)^ ", "\u00a0");
  }

  private static String emojiName(Element img) {
    String name = img.hasAttr("alt") ? img.attr("alt") : img.attr("title");
    return name.isEmpty() ? "□" : name;
  }

  private static void surround(Element e, String before, String after) {
    e.prependText(before);
    e.appendText(after);
    Splice.unwrap(e);
  }

  private static void unwrapBlock(Element e) {
    if (Tags.BLOCKS.contains(e.normalName())) {
      // A paragraph cannot hold blocks (a table, a list): then a div keeps the HTML valid.
      boolean holdsBlocks = holdsBlocks(e);
      e.tagName(holdsBlocks || !Tags.holdsParagraphs(e.parent()) ? "div" : "p");
      e.clearAttributes();
    } else {
      Splice.unwrap(e);
    }
  }

  /** Whether any element under {@code e} is a block. */
  private static boolean holdsBlocks(Element e) {
    for (int i = 0; i < e.childNodeSize(); i++) {
      Node child = e.childNode(i);
      if (child instanceof Element
          && (Tags.BLOCKS.contains(((Element) child).normalName())
              || holdsBlocks((Element) child))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Replaces a block with its lines: a paragraph where a paragraph may stand, else the lines
   * inline, set apart by line breaks. The element itself becomes the paragraph or the lines, so
   * that its siblings are left alone (see {@link Splice}).
   */
  private static void replaceWithLines(Element e, String text) {
    boolean asParagraph = Tags.holdsParagraphs(e.parent());
    boolean breakBefore = !asParagraph && e.previousSibling() != null;
    boolean breakAfter = !asParagraph && e.nextSibling() != null;
    e.empty();
    if (asParagraph) {
      e.clearAttributes();
      e.tagName("p");
    } else {
      Splice.unwrap(e);
    }
    if (breakBefore) {
      e.appendElement("br");
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        e.appendElement("br");
      }
      e.appendText(lines[i]);
    }
    if (breakAfter) {
      e.appendElement("br");
    }
  }

  /** The plain-text rendering of one element with its own markers (bullets, quotes). */
  private static String render(Element e) {
    return PlainText.renderElement(e);
  }
}
