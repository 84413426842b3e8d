package dev.triage.matrix;

import java.util.regex.Pattern;

/**
 * Reply fallbacks: the quote of the replied-to message that clients put before a reply's own text
 * ({@code > <@alice:example.org> original} then a blank line, and {@code <mx-reply>…</mx-reply>} in
 * the HTML). The spec deprecated them (v1.13); mautrix strips them the same way before bridging.
 */
final class ReplyFallback {
  /** mautrix event/reply.go HTMLReplyFallbackRegex: the whole mx-reply element at the start. */
  private static final Pattern HTML = Pattern.compile("^<mx-reply>[\\s\\S]+?</mx-reply>");

  private ReplyFallback() {}

  /**
   * The body without its fallback: the leading {@code > } lines and the blank line after them. Only
   * a body that starts like a fallback ({@code > <} or, for an emote, {@code > * <}) and goes on
   * after it is changed, so a quote the sender typed is kept.
   */
  static String stripText(String body) {
    if (!(body.startsWith("> <") || body.startsWith("> * <")) || body.indexOf('\n') < 0) {
      return body;
    }
    int at = 0;
    while (body.startsWith("> ", at)) {
      int end = body.indexOf('\n', at);
      if (end < 0) {
        return body;
      }
      at = end + 1;
    }
    if (body.startsWith("\r\n", at)) {
      at += 2;
    } else if (body.startsWith("\n", at)) {
      at += 1;
    }
    String rest = body.substring(at);
    return rest.isEmpty() ? body : rest;
  }

  /** The formatted body without a leading {@code <mx-reply>} element. */
  static String stripHtml(String html) {
    String rest = HTML.matcher(html).replaceFirst("");
    return rest.isEmpty() ? html : rest;
  }
}
