package dev.triage.rule;

import dev.triage.action.Message;
import dev.triage.capability.Capabilities;
import java.util.List;

/**
 * {@code max_text_length}, in one place: every text Triage sends (a message, a caption sent as its
 * own message, an edit, a poll or a location sent as text) is measured here. Lengths are Unicode
 * code points. A text over the limit is split into several messages where it may be, and rejected
 * where it must stay one (an edit replaces one message's text).
 */
final class TextLimit {
  private TextLimit() {}

  /**
   * Whether a text fits, without a ruling: the mediator's fast path. The UTF-16 length bounds the
   * code point count, so most texts are decided without counting.
   */
  static boolean fits(String text, int max) {
    return max == 0 || text.length() <= max || Texts.length(text) <= max;
  }

  /**
   * The message as it is when it fits, else split into several messages; empty after a rejection.
   */
  static List<Message> split(Message message, Capabilities caps, Ruling ruling) {
    return over(message, caps, ruling) == 0
        ? List.of(message)
        : FormattingRule.split(message, caps, ruling);
  }

  /** Whether the message fits; a text that must stay one message is rejected when it does not. */
  static boolean whole(Message message, Capabilities caps, Ruling ruling) {
    int length = over(message, caps, ruling);
    if (length == 0) {
      return true;
    }
    Texts.tooLong(ruling, caps, length, "an edit cannot be split into several messages");
    return false;
  }

  /**
   * The text's length in code points when it is over the limit, else 0. No limit, no text, or a
   * file's caption (captions have their own limit): 0. A text within is recorded as checked.
   */
  private static int over(Message message, Capabilities caps, Ruling ruling) {
    int max = caps.maxTextLength();
    if (max == 0 || !message.hasText() || message.attachment() != null) {
      return 0;
    }
    String text = message.text();
    if (!ruling.explaining() && text.length() <= max) {
      return 0;
    }
    int length = Texts.length(text);
    return Limit.of("max_text_length", max).fits(ruling, length, length + " code points")
        ? 0
        : length;
  }
}
