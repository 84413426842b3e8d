package dev.triage.format;

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
final class Splice {
  /** Not a tag the sanitizer lets through, so no caller's element is ever taken for a mark. */
  private static final String MARK = "triage-splice";

  private Splice() {}

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
    for (int i = 0; i < root.childNodeSize(); i++) {
      Node child = root.childNode(i);
      if (child instanceof Element) {
        flatten((Element) child);
      }
    }
    flattenChildren(root);
  }

  /**
   * Replaces the marked children of {@code parent} by their children, and drops its comments and
   * data nodes: {@link #flatten} for one level, for walks that have flattened the children already.
   */
  static void flattenChildren(Element parent) {
    int size = parent.childNodeSize();
    List<Node> kept = null;
    List<Element> spliced = null;
    for (int i = 0; i < size; i++) {
      Node child = parent.childNode(i);
      boolean drop = child instanceof Comment || child instanceof DataNode;
      boolean splice = isMark(child);
      if ((drop || splice) && kept == null) {
        // The list is only copied once something changes: most parents keep all their children.
        kept = new ArrayList<>(size + 8);
        for (int j = 0; j < i; j++) {
          kept.add(parent.childNode(j));
        }
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
      parent.empty();
      parent.appendChildren(kept);
    }
  }
}
