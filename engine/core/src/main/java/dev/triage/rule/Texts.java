package dev.triage.rule;

import dev.triage.capability.Capabilities;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Reasons;
import java.math.BigDecimal;

/** Text helpers shared by the rules. Lengths are Unicode code points, as bridges count them. */
final class Texts {
  private Texts() {}

  /** The length of a text in Unicode code points. */
  static int length(String text) {
    return text.codePointCount(0, text.length());
  }

  /** Rejects a text that is too long and cannot be split, saying why. */
  static void tooLong(Ruling ruling, Capabilities caps, int length, String why) {
    ruling.check("max_text_length", caps.maxTextLength(), length + " code points: reject");
    ruling.reject(
        NoteCode.TEXT_TOO_LONG,
        "max_text_length",
        null,
        Reasons.UNSUPPORTED_EVENT,
        "The text is "
            + length
            + " characters long; this chat allows at most "
            + caps.maxTextLength()
            + ", and "
            + why
            + ".");
  }

  /** Escapes text for inclusion in HTML. */
  static String escapeHtml(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '&':
          out.append("&amp;");
          break;
        case '"':
          out.append("&quot;");
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }

  /** A coordinate as plain decimal text, never in exponent form. */
  static String coordinate(double degrees) {
    return BigDecimal.valueOf(degrees).stripTrailingZeros().toPlainString();
  }

  /** A duration in milliseconds as a short human form: 1 d, 12 h, 90 s, 250 ms. */
  static String humanMillis(long millis) {
    if (millis % 86_400_000L == 0) {
      return millis / 86_400_000L + " d";
    }
    if (millis % 3_600_000L == 0) {
      return millis / 3_600_000L + " h";
    }
    if (millis % 60_000L == 0) {
      return millis / 60_000L + " min";
    }
    if (millis % 1_000L == 0) {
      return millis / 1_000L + " s";
    }
    return millis + " ms";
  }
}
