package dev.triage.rule;

import dev.triage.action.Attachment;
import dev.triage.action.Message;
import dev.triage.action.ReplyTo;
import dev.triage.capability.Capabilities;
import dev.triage.capability.Level;
import dev.triage.format.MarkdownFormatter;
import dev.triage.verdict.NoteCode;

/**
 * A message's thread and reply, and their fallbacks: a thread becomes a reply to its root; a reply
 * becomes a thread where threads work, else a quote of the original, else a plain message. Each
 * returns the message to go on with, or {@code null} after a rejection or drop.
 */
final class RelationRule {
  private RelationRule() {}

  /** Threads: level 0 becomes a reply to the thread root, then the reply rule applies. */
  static Message thread(Message message, Capabilities caps, Ruling ruling) {
    switch (ruling.part("thread", caps.thread(), "Threads")) {
      case KEEP:
        return message;
      case FALLBACK:
        ruling.degrade(
            NoteCode.THREAD_FALLBACK_REPLY,
            "thread",
            caps.thread(),
            "Threads are not supported here; sent as a reply to the thread's first message.");
        Message unthreaded = message.withThreadRoot(null);
        // A message that already replies to something in the thread keeps that, closer, target.
        return message.replyTo() != null
            ? unthreaded
            : unthreaded.withReplyTo(ReplyTo.of(message.threadRoot()));
      case STRIP:
        return message.withThreadRoot(null);
      default:
        return null;
    }
  }

  /**
   * Replies at 0 or -1 on a network with threads (and a message in none): a thread rooted at the
   * replied-to message, as bridgev2 does. Else level 0 quotes the original when its text is known,
   * or sends the plain message; -1 removes the reply.
   *
   * <p>A thread at 0 has already become a reply to its root (see {@link #thread}), so the two
   * fallbacks never feed each other: this one needs threads, that one their absence.
   */
  static Message reply(Message message, Capabilities caps, Ruling ruling) {
    Level level = caps.reply();
    if ((level == Level.UNSUPPORTED || level == Level.DROPPED)
        && message.threadRoot() == null
        && caps.thread().isSupported()) {
      // bridgev2 portal.go handleMatrixMessage: replies not Partial() but threads Partial() →
      // the reply target becomes the thread root.
      ruling.check(
          "reply", level, "level " + level.value() + ", threads supported: thread from the target");
      ruling.part("thread", caps.thread(), "Threads");
      ruling.degrade(
          NoteCode.REPLY_FALLBACK_THREAD,
          "reply",
          level,
          "Replies are not supported here; sent in a thread started at the message replied to.");
      return message.withReplyTo(null).withThreadRoot(message.replyTo().messageID());
    }
    switch (ruling.part("reply", level, "Replies")) {
      case KEEP:
        return message;
      case FALLBACK:
        ReplyTo replyTo = message.replyTo();
        Message plain = message.withReplyTo(null);
        if (isSticker(message)) {
          ruling.degrade(
              NoteCode.REPLY_FALLBACK_PLAIN,
              "reply",
              caps.reply(),
              "Replies are not supported here and a sticker has no caption to quote in; sent"
                  + " without the reply.");
          return plain;
        }
        if (replyTo.text() == null || replyTo.text().isEmpty()) {
          ruling.degrade(
              NoteCode.REPLY_FALLBACK_PLAIN,
              "reply",
              caps.reply(),
              "Replies are not supported here and the original text is unknown; sent as a plain"
                  + " message.");
          return plain;
        }
        ruling.degrade(
            NoteCode.REPLY_FALLBACK_QUOTE,
            "reply",
            caps.reply(),
            "Replies are not supported here; the original message is quoted above the text.");
        return quote(plain, replyTo);
      case STRIP:
        return message.withReplyTo(null);
      default:
        return null;
    }
  }

  /** {@code > sender: text} above the message, one {@code > } per quoted line. */
  private static Message quote(Message message, ReplyTo replyTo) {
    String[] lines = replyTo.text().split("\r?\n", -1);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String line = (i == 0 && replyTo.sender() != null ? replyTo.sender() + ": " : "") + lines[i];
      // In Markdown the quote marker is markup and the quoted words are text.
      text.append("> ").append(message.markdown() ? MarkdownFormatter.escape(line) : line);
      text.append('\n');
    }
    String html = null;
    if (message.html() != null) {
      StringBuilder quoted = new StringBuilder("<blockquote>");
      if (replyTo.sender() != null) {
        quoted.append("<b>").append(Texts.escapeHtml(replyTo.sender())).append("</b>: ");
      }
      quoted
          .append(Texts.escapeHtml(replyTo.text()).replaceAll("\r?\n", "<br>"))
          .append("</blockquote>")
          .append(message.html());
      html = quoted.toString();
    }
    if (message.attachment() == null || message.hasCaption()) {
      text.append('\n').append(message.text());
    } else {
      // A file without caption (its text at most the file name): the quote becomes the caption;
      // drop the trailing newline.
      text.setLength(text.length() - 1);
      html = null;
    }
    return message.withText(text.toString(), html);
  }

  private static boolean isSticker(Message message) {
    return message.attachment() != null
        && message.attachment().msgtype().equals(Attachment.STICKER);
  }
}
