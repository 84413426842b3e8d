package dev.triage.action;

/**
 * A message: text, optionally formatted, optionally a reply or in a thread, optionally with a file
 * (then the text is the file's caption, unless it is a sticker's description or the file name: see
 * {@link #hasCaption()}).
 *
 * @param id the client's transaction id, or {@code null}
 * @param chatID the target chat, or {@code null}
 * @param msgtype m.text, m.notice or m.emote
 * @param text the plain text; with {@code html}, its plain-text rendering; with an attachment, the
 *     caption (may then be {@code null})
 * @param html {@code org.matrix.custom.html}, or {@code null}
 * @param replyTo the message replied to, or {@code null}
 * @param threadRoot the root message of the thread, or {@code null}
 * @param attachment the file, or {@code null}
 * @param markdown whether {@code text} is Markdown (as the Desktop API takes it) rather than plain
 *     text; never together with {@code html}
 * @param pendingRequest whether the chat is a message request the sender has not accepted: sending
 *     into it accepts it, which needs {@code message_request.accept_with_message}
 */
public record Message(
    String id,
    String chatID,
    TextType msgtype,
    String text,
    String html,
    ReplyTo replyTo,
    String threadRoot,
    Attachment attachment,
    boolean markdown,
    boolean pendingRequest)
    implements Action {

  public Message {
    if (msgtype == null) {
      msgtype = TextType.TEXT;
    }
    if (attachment == null) {
      if (text == null) {
        throw new IllegalArgumentException("text is required for a message without attachment");
      }
      if (text.isEmpty()) {
        throw new IllegalArgumentException("text must not be empty");
      }
    }
    if (html != null && text == null) {
      throw new IllegalArgumentException("text is required with html: it is html's plain form");
    }
    if (threadRoot != null && threadRoot.isBlank()) {
      throw new IllegalArgumentException("threadRoot must not be blank");
    }
    if (markdown && html != null) {
      throw new IllegalArgumentException("a Markdown message has no html: its text is the markup");
    }
  }

  /** A message into a chat that is no pending message request. */
  public Message(
      String id,
      String chatID,
      TextType msgtype,
      String text,
      String html,
      ReplyTo replyTo,
      String threadRoot,
      Attachment attachment,
      boolean markdown) {
    this(id, chatID, msgtype, text, html, replyTo, threadRoot, attachment, markdown, false);
  }

  /** A message whose text is plain (or, with {@code html}, that HTML's plain rendering). */
  public Message(
      String id,
      String chatID,
      TextType msgtype,
      String text,
      String html,
      ReplyTo replyTo,
      String threadRoot,
      Attachment attachment) {
    this(id, chatID, msgtype, text, html, replyTo, threadRoot, attachment, false);
  }

  /** A Markdown text message. */
  public static Message markdown(String markdown) {
    return new Message(null, null, TextType.TEXT, markdown, null, null, null, null, true);
  }

  /** A plain text message. */
  public static Message text(String text) {
    return new Message(null, null, TextType.TEXT, text, null, null, null, null);
  }

  /** A file without caption. */
  public static Message file(Attachment attachment) {
    return new Message(null, null, TextType.TEXT, null, null, null, null, attachment);
  }

  @Override
  public ActionType type() {
    return ActionType.MESSAGE;
  }

  /** Whether there is caption or body text. */
  public boolean hasText() {
    return text != null && !text.isEmpty();
  }

  /**
   * Whether the text is the attachment's caption. A sticker's text is its description, never a
   * caption; and a text equal to the file name is the file name (MSC2530), not a caption.
   */
  public boolean hasCaption() {
    return attachment != null
        && hasText()
        && !attachment.msgtype().equals(Attachment.STICKER)
        && !text.equals(attachment.fileName());
  }

  /** The same message as plain text: Markdown no more. */
  public Message asPlain() {
    return new Message(
        id, chatID, msgtype, text, html, replyTo, threadRoot, attachment, false, pendingRequest);
  }

  /** The same message with an id (for the extra parts of a degrade). */
  public Message withId(String newId) {
    return new Message(
        newId,
        chatID,
        msgtype,
        text,
        html,
        replyTo,
        threadRoot,
        attachment,
        markdown,
        pendingRequest);
  }

  public Message withText(String newText, String newHtml) {
    return new Message(
        id,
        chatID,
        msgtype,
        newText,
        newHtml,
        replyTo,
        threadRoot,
        attachment,
        markdown,
        pendingRequest);
  }

  public Message withReplyTo(ReplyTo newReplyTo) {
    return new Message(
        id,
        chatID,
        msgtype,
        text,
        html,
        newReplyTo,
        threadRoot,
        attachment,
        markdown,
        pendingRequest);
  }

  public Message withThreadRoot(String newThreadRoot) {
    return new Message(
        id,
        chatID,
        msgtype,
        text,
        html,
        replyTo,
        newThreadRoot,
        attachment,
        markdown,
        pendingRequest);
  }

  /** The same message, into a chat with (or without) a pending message request. */
  public Message withPendingRequest(boolean newPendingRequest) {
    return new Message(
        id,
        chatID,
        msgtype,
        text,
        html,
        replyTo,
        threadRoot,
        attachment,
        markdown,
        newPendingRequest);
  }

  public Message withAttachment(Attachment newAttachment) {
    return new Message(
        id,
        chatID,
        msgtype,
        text,
        html,
        replyTo,
        threadRoot,
        newAttachment,
        markdown,
        pendingRequest);
  }
}
