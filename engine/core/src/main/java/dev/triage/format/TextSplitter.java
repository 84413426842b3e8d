package dev.triage.format;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into parts of at most a given number of Unicode code points, at the best boundary
 * within each part: a paragraph break, then a line break, then a sentence end, then a word (line
 * break opportunity, which includes between CJK ideographs), and only then between two grapheme
 * clusters. A cut never falls inside a surrogate pair or a grapheme cluster (emoji with modifiers,
 * flags, ZWJ sequences, combining marks). Whitespace at a cut is dropped.
 */
public final class TextSplitter {
  /** An extended grapheme cluster (UAX #29), as Java's regex engine knows it. */
  private static final Pattern GRAPHEME = Pattern.compile("\\X");

  /** How far back a boundary search looks for a safe place to start matching clusters. */
  private static final int CLUSTER_LOOKBEHIND = 256;

  private TextSplitter() {}

  /** The length of a text in Unicode code points. */
  public static int length(String text) {
    return text.codePointCount(0, text.length());
  }

  /**
   * Splits {@code text} into parts of at most {@code max} code points each.
   *
   * @throws IllegalArgumentException if {@code max < 1}, or if one grapheme cluster alone is longer
   *     than {@code max} (it cannot be split without breaking it)
   */
  public static List<String> split(String text, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, got " + max);
    }
    List<String> parts = new ArrayList<>();
    String rest = text;
    while (length(rest) > max) {
      int limit = rest.offsetByCodePoints(0, max);
      // Every cut makes progress: at worst it takes one whole grapheme cluster.
      int cut = Math.max(cut(rest, limit), 1);
      if (!isClusterBoundary(rest, cut)) {
        cut = firstClusterEnd(rest);
      }
      String part = rest.substring(0, cut).stripTrailing();
      if (length(part) > max) {
        throw new IllegalArgumentException(
            "a single character (grapheme cluster) is longer than " + max + " code points");
      }
      if (!part.isEmpty()) {
        parts.add(part);
      }
      rest = rest.substring(cut).stripLeading();
    }
    if (!rest.isEmpty()) {
      parts.add(rest);
    }
    return parts;
  }

  /**
   * Where to cut {@code text} so that the first part ends at or before char index {@code limit}.
   */
  static int cut(String text, int limit) {
    int half = limit / 2;
    int paragraph = text.lastIndexOf("\n\n", limit);
    if (paragraph >= half && paragraph > 0) {
      return paragraph;
    }
    int line = text.lastIndexOf('\n', limit);
    if (line >= half && line > 0) {
      return line;
    }
    // A boundary just past the limit still fits when all that lies beyond the limit is the
    // whitespace the cut drops.
    int reach = limit;
    while (reach < text.length() && Character.isWhitespace(text.charAt(reach))) {
      reach++;
    }
    int sentence = preceding(BreakIterator.getSentenceInstance(Locale.ROOT), text, reach);
    if (sentence > 0 && sentence >= half && isClusterBoundary(text, sentence)) {
      return sentence;
    }
    int word = preceding(BreakIterator.getLineInstance(Locale.ROOT), text, reach);
    if (word > 0) {
      int safe = clusterFloor(text, word);
      if (safe > 0) {
        return safe;
      }
    }
    int cluster = clusterFloor(text, limit);
    return cluster > 0 ? cluster : firstClusterEnd(text);
  }

  /** The last boundary of {@code iterator} at or before {@code limit}, or 0 for none. */
  private static int preceding(BreakIterator iterator, String text, int limit) {
    if (limit >= text.length()) {
      return text.length();
    }
    // Look at a window around the limit only: the iterators are linear in what they are given.
    int from = Math.max(0, limit - 4096);
    int to = Math.min(text.length(), limit + 64);
    iterator.setText(text.substring(from, to));
    int boundary = iterator.preceding(limit - from + 1);
    if (boundary == BreakIterator.DONE || boundary <= 0) {
      return 0;
    }
    return from + boundary;
  }

  /** The last grapheme-cluster boundary at or before {@code index}, or 0 for none. */
  static int clusterFloor(String text, int index) {
    int i = index;
    while (i > 0 && !isClusterBoundary(text, i)) {
      i = text.offsetByCodePoints(i, -1);
    }
    return i;
  }

  /** Whether a grapheme cluster starts (or the text ends) at char index {@code index}. */
  static boolean isClusterBoundary(String text, int index) {
    if (index <= 0 || index >= text.length()) {
      return true;
    }
    if (Character.isLowSurrogate(text.charAt(index))
        && Character.isHighSurrogate(text.charAt(index - 1))) {
      return false;
    }
    Matcher clusters = GRAPHEME.matcher(text);
    clusters.region(safeStart(text, index), Math.min(text.length(), index + CLUSTER_LOOKBEHIND));
    while (clusters.find()) {
      if (clusters.end() == index) {
        return true;
      }
      if (clusters.end() > index) {
        return false;
      }
    }
    return true;
  }

  /** A place before {@code index} where a cluster surely starts: after a space or a newline. */
  private static int safeStart(String text, int index) {
    int floor = Math.max(0, index - CLUSTER_LOOKBEHIND);
    for (int i = index - 1; i > floor; i--) {
      char c = text.charAt(i - 1);
      if (c == ' ' || (c == '\n' && text.charAt(i) != '\n')) {
        return i;
      }
    }
    return floor == 0 ? 0 : clusterSafeFloor(text, floor);
  }

  private static int clusterSafeFloor(String text, int floor) {
    return Character.isLowSurrogate(text.charAt(floor)) ? floor - 1 : floor;
  }

  private static int firstClusterEnd(String text) {
    Matcher cluster = GRAPHEME.matcher(text);
    return cluster.find() ? cluster.end() : text.length();
  }
}
