package dev.triage.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Checks that HTML Triage sends holds only what the Matrix spec allows, read the two ways a
 * receiver may read it: as a body fragment and as a whole document.
 */
final class Allowlist {
  /** What a whole-document parse adds around any fragment. */
  private static final Set<String> SHELL = Set.of("html", "head", "body");

  private Allowlist() {}

  static void assertAllowed(String html) {
    Document fragment = Jsoup.parseBodyFragment(html);
    walk(fragment, html);
    Document document = Jsoup.parse(html);
    walk(document, html);
    assertThat(document.head().childNodeSize()).as("nothing in the head of %s", html).isZero();
  }

  private static void walk(Document doc, String html) {
    for (Node node : doc.childNodes()) {
      assertThat(node)
          .as("only the html element at the top of %s", html)
          .isInstanceOf(Element.class);
    }
    doc.traverse(
        (node, depth) -> {
          if (node == doc) {
            return;
          }
          if (node instanceof Element) {
            element((Element) node, html);
          } else {
            assertThat(node).as("a %s in %s", node.nodeName(), html).isInstanceOf(TextNode.class);
          }
        });
  }

  private static void element(Element e, String html) {
    String tag = e.normalName();
    if (SHELL.contains(tag)
        && (e.parent() == null
            || SHELL.contains(e.parent().normalName())
            || e.parent() instanceof Document)) {
      assertThat(e.attributes().size()).as("attributes on <%s> in %s", tag, html).isZero();
      return;
    }
    assertThat(Sanitizer.ALLOWED_TAGS).as("<%s> in %s", tag, html).contains(tag);
    Set<String> allowed = Sanitizer.ALLOWED_ATTRIBUTES.getOrDefault(tag, Set.of());
    for (Attribute attribute : e.attributes()) {
      String name = attribute.getKey().toLowerCase(Locale.ROOT);
      assertThat(allowed).as("%s on <%s> in %s", name, tag, html).contains(name);
      assertThat(Sanitizer.valueAllowed(tag, name, attribute.getValue()))
          .as("%s=\"%s\" on <%s> in %s", name, attribute.getValue(), tag, html)
          .isTrue();
    }
  }
}
