package dev.triage.format;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Splits Matrix HTML into parts whose plain-text renderings are at most a given number of code
 * points. Blocks are packed whole where they fit; a block too long is split inside, and every part
 * re-opens the elements it is inside (same tags and attributes), so each part is well formed and
 * keeps its formatting. A numbered list split across parts continues its numbering with {@code
 * start} where the chat supports it.
 */
public final class HtmlSplitter {
  /** One part: its HTML and that HTML's plain text. */
  public record Part(String html, String text) {}

  private final boolean listStart;

  private HtmlSplitter(boolean listStart) {
    this.listStart = listStart;
  }

  /**
   * Splits {@code html} into parts of at most {@code max} code points of plain text each.
   *
   * @param listStart whether continued numbered lists may carry {@code start}
   * @return the parts; when a part cannot be made to fit while keeping its markup, the text is
   *     split as plain text instead (each part's html is then {@code null})
   * @throws IllegalArgumentException if even the plain text cannot be split (one grapheme cluster
   *     longer than {@code max})
   * @throws dev.triage.json.InvalidInputException past {@link HtmlFormatter#MAX_HTML_ELEMENTS} or
   *     {@link HtmlFormatter#MAX_HTML_DEPTH}
   */
  public static List<Part> split(String html, int max, boolean listStart) {
    Element body = HtmlFormatter.parseInput(html, "html");
    List<Element> containers;
    try {
      containers = new HtmlSplitter(listStart).pack(body, max);
    } catch (IllegalArgumentException markupLeavesNoRoom) {
      // An element's own markup (a long link target, say) leaves no room for its text.
      return plain(PlainText.render(body), max);
    }
    List<Part> parts = new ArrayList<>(containers.size());
    for (Element container : containers) {
      String text = PlainText.render(container);
      if (TextSplitter.length(text) > max) {
        return plain(PlainText.render(body), max);
      }
      if (!text.isEmpty()) {
        parts.add(new Part(HtmlFormatter.innerHtml(container), text));
      }
    }
    return parts;
  }

  private static List<Part> plain(String text, int max) {
    List<Part> parts = new ArrayList<>();
    for (String piece : TextSplitter.split(text, max)) {
      parts.add(new Part(null, piece));
    }
    return parts;
  }

  /**
   * Packs the children of {@code parent} into shallow copies of it, each rendering to at most
   * {@code budget} code points.
   */
  private List<Element> pack(Element parent, int budget) {
    List<Element> parts = new ArrayList<>();
    Element current = shell(parent, 0);
    int itemsBefore = 0;
    for (Node child : new ArrayList<>(parent.childNodes())) {
      current.appendChild(child.clone());
      if (!fits(current, budget)) {
        overflow(parent, child, budget, itemsBefore, parts, current);
        current = parts.remove(parts.size() - 1);
      }
      if (child instanceof Element && ((Element) child).normalName().equals("li")) {
        itemsBefore++;
      }
    }
    if (current.childNodeSize() > 0 || parts.isEmpty()) {
      parts.add(current);
    }
    return parts;
  }

  /**
   * {@code child}, just appended to {@code current}, does not fit: closes {@code current} and
   * starts new parts for the child, split if it does not fit alone. The last, still open, part is
   * left at the end of {@code parts}.
   */
  private void overflow(
      Element parent,
      Node child,
      int budget,
      int itemsBefore,
      List<Element> parts,
      Element current) {
    current.childNode(current.childNodeSize() - 1).remove();
    if (current.childNodeSize() > 0) {
      parts.add(current);
      current = shell(parent, itemsBefore);
    }
    current.appendChild(child.clone());
    if (!fits(current, budget)) {
      current.childNode(0).remove();
      // What the parent's markup adds (a bullet, a quote marker) is not room for the child.
      int inner = budget - overhead(parent);
      if (inner < 1) {
        inner = 1;
      }
      List<Node> pieces = splitNode(child, inner);
      for (int i = 0; i < pieces.size(); i++) {
        current.appendChild(pieces.get(i));
        if (i < pieces.size() - 1) {
          parts.add(current);
          current = shell(parent, itemsBefore);
        }
      }
    }
    parts.add(current);
  }

  /** Pieces of one node that each fit on their own. */
  private List<Node> splitNode(Node node, int budget) {
    List<Node> pieces = new ArrayList<>();
    if (node instanceof TextNode) {
      for (String piece : TextSplitter.split(((TextNode) node).getWholeText(), budget)) {
        pieces.add(new TextNode(piece));
      }
      return pieces;
    }
    if (node instanceof Element) {
      Element element = (Element) node;
      if (element.childNodeSize() == 0) {
        pieces.add(element.clone());
        return pieces;
      }
      pieces.addAll(pack(element, budget));
      return pieces;
    }
    pieces.add(node.clone());
    return pieces;
  }

  /**
   * A copy of {@code element} without children; a continued {@code ol} starts where it left off.
   */
  private Element shell(Element element, int itemsBefore) {
    Element shell = element.shallowClone();
    if (listStart && itemsBefore > 0 && element.normalName().equals("ol")) {
      shell.attr("start", String.valueOf(Tags.listStart(element) + itemsBefore));
    }
    return shell;
  }

  private static boolean fits(Element container, int budget) {
    return TextSplitter.length(render(container)) <= budget;
  }

  /** How many code points an element's own markup adds to one character of content. */
  private static int overhead(Element element) {
    Element probe = element.shallowClone();
    probe.appendText("x");
    return TextSplitter.length(render(probe)) - 1;
  }

  private static String render(Element container) {
    if (container.normalName().equals("body")) {
      return PlainText.render(container);
    }
    Element holder = new Element("div");
    holder.appendChild(container.clone());
    return PlainText.render(holder);
  }
}
