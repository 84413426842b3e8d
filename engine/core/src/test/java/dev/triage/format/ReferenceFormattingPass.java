package dev.triage.format;

// The pre-issue-19 implementation, kept verbatim (only renamed) as the oracle that
// OneWalkFormattingProperties holds the one-walk DOM path to: do not change it to follow the
// main code; its answers are the ones the main code must keep giving.

import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;

/**
 * One formatting pass over one message's sanitized DOM: each element decided by its feature's level
 * (kept, converted to its fallback, stripped, or the message refused), text kept, and the result
 * serialized once. What {@link ReferenceHtmlFormatter#format} runs after parsing.
 */
final class ReferenceFormattingPass {
  private final Capabilities caps;
  private final Set<FormattingFeature> used = EnumSet.noneOf(FormattingFeature.class);

  /** One change per feature: the first element that needed it decides the message. */
  private final Map<FormattingFeature, Formatted.Change> changes = new LinkedHashMap<>();

  private Formatted.Change rejection;

  ReferenceFormattingPass(Capabilities caps) {
    this.caps = caps;
  }

  Formatted format(String html, String text, String field) {
    Element body = ReferenceHtmlFormatter.parseInput(html, field);
    List<String> sanitized = ReferenceSanitizer.sanitize(body);
    // Read before any fallback adds text (a link's target, say), as
    // ReferenceHtmlFormatter.features() reads
    // it.
    boolean atRoom = ReferenceHtmlFormatter.mentionsRoom(html, body);
    List<Element> elements = new ArrayList<>(body.getAllElements());
    // Children before parents, so a parent's fallback renders its children's result.
    for (int i = elements.size() - 1; i >= 1 && rejection == null; i--) {
      Element e = elements.get(i);
      if (e.parent() != null) {
        element(e);
      }
    }
    if (rejection == null && atRoom) {
      mentions();
    }
    if (rejection != null) {
      return new Formatted(null, text, used, List.of(), sanitized, rejection);
    }
    ReferenceSplice.flatten(body);
    List<Formatted.Change> all = new ArrayList<>(changes.values());
    String serialized = body.html();
    if (!readsBackAsItself(serialized)) {
      // A parser would build another tree from it than the one decided on (a link nested in a
      // link once an unwrapped <marquee> no longer parts them, say), and could move a spoiler's
      // content out of it: only the text, rendered from the tree decided on, is sent.
      List<String> removed = new ArrayList<>(sanitized);
      removed.add("markup that a parser would read otherwise");
      return new Formatted(null, ReferencePlainText.render(body), used, all, removed, null);
    }
    if (all.isEmpty() && sanitized.isEmpty()) {
      // The same body, as Triage writes it: the caller's bytes never leave (a doctype, an end
      // tag's attributes, a second href are gone from the DOM, though nothing was removed).
      return new Formatted(
          serialized.isEmpty() ? null : serialized, text, used, all, sanitized, null);
    }
    String rendered = ReferencePlainText.render(body);
    boolean formattingLeft =
        body.getAllElements().stream()
            .skip(1)
            .anyMatch(e -> !e.normalName().equals("p") && !e.normalName().equals("br"));
    return new Formatted(formattingLeft ? serialized : null, rendered, used, all, sanitized, null);
  }

  /** Whether a receiver's parser builds, from {@code html}, the tree it was written from. */
  private static boolean readsBackAsItself(String html) {
    // Most bodies are in the fast path's grammar, which is read back as written: no parse.
    return FastScan.readsBackAsItself(html)
        || ReferenceHtmlFormatter.innerHtml(ReferenceHtmlFormatter.parse(html)).equals(html);
  }

  private Level level(FormattingFeature feature) {
    return caps.formattingLevel(feature.key());
  }

  /** Notes a feature's treatment once; returns false after a rejection. */
  private boolean decide(FormattingFeature feature, Level level, String message) {
    if (level == Level.REJECTED) {
      rejection =
          new Formatted.Change(
              feature,
              level,
              ReferenceHtmlFormatter.describe(feature) + ": refused by this network.");
      return false;
    }
    changes.putIfAbsent(feature, new Formatted.Change(feature, level, message));
    return true;
  }

  private void element(Element e) {
    Set<FormattingFeature> features = ReferenceHtmlFormatter.featuresOf(e);
    used.addAll(features);
    FormattingFeature primary = ReferenceHtmlFormatter.primary(e);
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
                ReferenceHtmlFormatter.describe(primary)
                    + ": partly supported here; may be converted."));
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
      ReferenceSplice.unwrap(e);
    }
  }

  private void colorAttribute(Element e, String attribute, FormattingFeature feature) {
    if (rejection != null || !e.hasAttr(attribute)) {
      return;
    }
    Level level = level(feature);
    if (!level.isSupported()
        && decide(
            feature,
            level,
            ReferenceHtmlFormatter.describe(feature) + ": not supported here; left out.")) {
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
      boolean start = ReferenceHtmlFormatter.hasStart(e);
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
            ReferenceHtmlFormatter.describe(feature)
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
    String sent = ReferenceHtmlFormatter.describe(feature) + ": not supported here; ";
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
        String label = ReferencePlainText.render(e);
        String href = e.attr("href");
        ReferenceSplice.replaceWithText(
            e, label.equals(href) || label.isEmpty() ? href : label + " (" + href + ")");
        return;
      case USER_LINK:
        decide(feature, Level.UNSUPPORTED, sent + "sent as the user's display name.");
        ReferenceSplice.unwrap(e);
        return;
      case CUSTOM_EMOJI:
        decide(feature, Level.UNSUPPORTED, sent + "sent as the emoji's name.");
        ReferenceSplice.replaceWithText(e, emojiName(e));
        return;
      case MATH:
        decide(feature, Level.UNSUPPORTED, sent + "sent as its LaTeX source.");
        String latex = e.attr("data-mx-maths");
        if (e.normalName().equals("div")) {
          replaceWithLines(e, "$$" + latex + "$$");
        } else {
          ReferenceSplice.replaceWithText(e, "$" + latex + "$");
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
        ReferenceHtmlFormatter.describe(feature)
            + ": not supported here; the formatting was removed.");
    switch (feature) {
      case CODE_BLOCK:
        replaceWithLines(e, keepSpaces(Tags.wholeText(e)));
        return;
      case UNORDERED_LIST:
      case ORDERED_LIST:
        StringBuilder lines = new StringBuilder();
        // Every child is kept: an earlier fallback may have left text where an item was.
        for (org.jsoup.nodes.Node item : e.childNodes()) {
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
        replaceWithLines(e, ReferencePlainText.render(e, " "));
        return;
      case BLOCKQUOTE:
      case DETAILS_SUMMARY:
      case HEADERS:
        // The element's own markers (quote marks) go with its markup.
        replaceWithLines(e, ReferencePlainText.render(e));
        return;
      case HORIZONTAL_LINE:
        // The line goes; the break between what it separated stays.
        e.tagName("br");
        e.clearAttributes();
        return;
      case CUSTOM_EMOJI:
        ReferenceSplice.replaceWithText(e, emojiName(e));
        return;
      default:
        ReferenceSplice.unwrap(e);
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
    ReferenceSplice.unwrap(e);
  }

  private static void unwrapBlock(Element e) {
    if (Tags.BLOCKS.contains(e.normalName())) {
      // A paragraph cannot hold blocks (a table, a list): then a div keeps the HTML valid.
      boolean holdsBlocks =
          e.getAllElements().stream().skip(1).anyMatch(d -> Tags.BLOCKS.contains(d.normalName()));
      e.tagName(holdsBlocks || !Tags.holdsParagraphs(e.parent()) ? "div" : "p");
      e.clearAttributes();
    } else {
      ReferenceSplice.unwrap(e);
    }
  }

  /**
   * Replaces a block with its lines: a paragraph where a paragraph may stand, else the lines
   * inline, set apart by line breaks. The element itself becomes the paragraph or the lines, so
   * that its siblings are left alone (see {@link ReferenceSplice}).
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
      ReferenceSplice.unwrap(e);
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
    return ReferencePlainText.renderElement(e);
  }
}
