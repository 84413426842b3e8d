package dev.triage.format;

// The pre-issue-19 implementation, kept verbatim (only renamed) as the oracle that
// OneWalkFormattingProperties holds the one-walk DOM path to: do not change it to follow the
// main code; its answers are the ones the main code must keep giving.

import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;

/**
 * Unwrapping and removing in one pass. jsoup unwraps or removes one node in time linear in its
 * siblings, so doing that for each of thousands of siblings is quadratic; here an element is only
 * marked where it stands (renamed, which costs nothing and leaves its siblings alone), and {@link
 * #flatten} then rebuilds each parent's children once. Until then a marked element is inline and
 * without attributes: it renders as its content, as if it were unwrapped already.
 */
final class ReferenceSplice {
  /** Not a tag the sanitizer lets through, so no caller's element is ever taken for a mark. */
  private static final String MARK = "triage-splice";

  private ReferenceSplice() {}

  /** Marks {@code e} to be replaced by its children. */
  static void unwrap(Element e) {
    e.clearAttributes();
    e.tagName(MARK);
  }

  /** Marks {@code e} to be replaced by {@code text}. */
  static void replaceWithText(Element e, String text) {
    e.empty();
    unwrap(e);
    if (!text.isEmpty()) {
      e.appendText(text);
    }
  }

  /** Marks {@code e} to be removed with its content. */
  static void remove(Element e) {
    e.empty();
    unwrap(e);
  }

  static boolean isMark(Node node) {
    return node instanceof Element && ((Element) node).normalName().equals(MARK);
  }

  /**
   * Replaces every marked element under {@code root} by its children, and drops comments and data
   * nodes (a script's or a style's code), in time linear in the tree.
   */
  static void flatten(Element root) {
    List<Node> children = root.childNodes();
    List<Node> kept = null;
    List<Element> spliced = null;
    for (int i = 0; i < children.size(); i++) {
      Node child = children.get(i);
      if (child instanceof Element) {
        flatten((Element) child);
      }
      boolean drop = child instanceof Comment || child instanceof DataNode;
      boolean splice = isMark(child);
      if ((drop || splice) && kept == null) {
        kept = new ArrayList<>(children.subList(0, i));
        spliced = new ArrayList<>();
      }
      if (kept == null || drop) {
        continue;
      }
      if (splice) {
        kept.addAll(((Element) child).childNodes());
        spliced.add((Element) child);
      } else {
        kept.add(child);
      }
    }
    if (kept != null) {
      // Detach first: appending a node still attached elsewhere removes it there, one at a time.
      for (Element mark : spliced) {
        mark.empty();
      }
      root.empty();
      root.appendChildren(kept);
    }
  }
}
