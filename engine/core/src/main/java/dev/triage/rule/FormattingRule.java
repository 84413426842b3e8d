package dev.triage.rule;

import dev.triage.action.Message;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.format.Formatted;
import dev.triage.format.FormattingFeature;
import dev.triage.format.HtmlFormatter;
import dev.triage.format.HtmlSplitter;
import dev.triage.format.MarkdownFormatter;
import dev.triage.format.TextSplitter;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Reasons;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Formatting (HTML or Markdown) and text length: the message's body, after its structure. */
final class FormattingRule {
  private FormattingRule() {}

  /**
   * Applies the chat's formatting levels to the message's HTML or Markdown. Returns the message to
   * send, or {@code null} after a rejection.
   */
  static Message format(Message message, Capabilities caps, Ruling ruling) {
    if (message.html() == null && !message.markdown()) {
      return message;
    }
    if (message.text() == null) {
      return message;
    }
    Formatted formatted =
        message.markdown()
            ? MarkdownFormatter.format(message.text(), caps)
            : HtmlFormatter.format(message.html(), message.text(), caps);
    if (ruling.explaining()) {
      for (FormattingFeature feature : formatted.used()) {
        ruling.check(
            feature.capability(), caps.formattingLevel(feature.key()), "used by the message");
      }
    }
    if (!formatted.sanitized().isEmpty()) {
      ruling.degrade(
          NoteCode.FORMATTING_SANITIZED,
          "formatting",
          null,
          "Removed what Matrix HTML does not allow: "
              + String.join(", ", formatted.sanitized())
              + ".");
    }
    Formatted.Change rejection = formatted.rejection();
    if (rejection != null) {
      boolean spoiler =
          rejection.feature() == FormattingFeature.SPOILER && rejection.level() != Level.REJECTED;
      ruling.reject(
          spoiler ? NoteCode.FORMATTING_SPOILER_UNSUPPORTED : NoteCode.FEATURE_REJECTED,
          rejection.feature().capability(),
          rejection.level(),
          Reasons.UNSUPPORTED_EVENT,
          rejection.message());
      return null;
    }
    for (Formatted.Change change : formatted.changes()) {
      switch (change.level()) {
        case PARTIAL:
          ruling.note(
              NoteCode.FEATURE_PARTIAL,
              change.feature().capability(),
              change.level(),
              change.message());
          break;
        case UNSUPPORTED:
          ruling.degrade(
              NoteCode.FORMATTING_FALLBACK,
              change.feature().capability(),
              change.level(),
              change.message());
          break;
        default:
          ruling.degrade(
              NoteCode.FEATURE_STRIPPED,
              change.feature().capability(),
              change.level(),
              change.message());
      }
    }
    boolean onlyPartial =
        formatted.sanitized().isEmpty()
            && formatted.changes().stream().allMatch(change -> change.level() == Level.PARTIAL);
    if (!formatted.changed() || onlyPartial) {
      // Unchanged (level 1 is the network's to convert): the HTML is Triage's serialization of
      // it, never the caller's bytes, and the caller's text stays its fallback; a Markdown text
      // with raw HTML in it is written back from its sanitized form.
      String html = message.markdown() ? null : formatted.html();
      String text = message.markdown() ? formatted.text() : message.text();
      if (text.equals(message.text()) && Objects.equals(html, message.html())) {
        return message;
      }
      ruling.rewritten();
      return message.withText(text, html);
    }
    if (formatted.text().isEmpty()) {
      // Nothing showable was left (the HTML was, say, only a script): the caller's plain text is;
      // Markdown's is its source, read literally (MarkdownFormatter already sends that).
      return message.withText(
          message.markdown() ? MarkdownFormatter.escape(message.text()) : message.text(), null);
    }
    return message.markdown()
        ? message.withText(formatted.text(), null)
        : message.withText(formatted.text(), formatted.html());
  }

  /**
   * Splits a text message longer than {@code max_text_length} into parts; the first keeps the
   * reply, every part keeps the thread. Returns an empty list after a rejection.
   */
  static List<Message> split(Message message, Capabilities caps, Ruling ruling) {
    int max = caps.maxTextLength();
    if (max == 0 || !message.hasText() || message.attachment() != null) {
      return List.of(message);
    }
    // UTF-16 length bounds the code point count: most texts are decided without counting.
    int length =
        message.text().length() <= max ? message.text().length() : Texts.length(message.text());
    if (length <= max) {
      ruling.check("max_text_length", max, length + " code points: within");
      return List.of(message);
    }
    ruling.check("max_text_length", max, length + " code points: split");
    List<Message> parts = new ArrayList<>();
    try {
      if (message.html() != null) {
        boolean listStart = caps.formattingLevel(FormattingFeature.LIST_START.key()).isSupported();
        for (HtmlSplitter.Part part : HtmlSplitter.split(message.html(), max, listStart)) {
          parts.add(message.withText(part.text(), part.html()));
        }
      } else {
        // Markdown splits like plain text: at blank lines first, which is where its blocks end.
        for (String part : TextSplitter.split(message.text(), max)) {
          parts.add(message.withText(part, null));
        }
      }
    } catch (IllegalArgumentException unsplittable) {
      Texts.tooLong(ruling, caps, length, unsplittable.getMessage());
      return List.of();
    }
    List<Message> out = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      Message part = parts.get(i);
      if (i > 0) {
        part = part.withReplyTo(null);
      }
      out.add(part);
    }
    ruling.degrade(
        NoteCode.TEXT_SPLIT,
        "max_text_length",
        null,
        "The text is "
            + length
            + " characters long; this chat allows "
            + max
            + ", so it was sent as "
            + out.size()
            + " messages.");
    return out;
  }
}
