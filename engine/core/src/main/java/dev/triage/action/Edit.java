package dev.triage.action;

/**
 * A change to a sent message: its text, or its file and caption.
 *
 * @param id the client's transaction id, or {@code null}
 * @param chatID the target chat, or {@code null}
 * @param messageID the message edited
 * @param sentAt when the message was sent, epoch milliseconds, or {@code null} if unknown
 * @param editCount how often the message was edited before, or {@code null} if unknown
 * @param text the new plain text; with an attachment, its new caption (as on a message: not a
 *     caption when it equals the file name), or {@code null} for none
 * @param html the new {@code org.matrix.custom.html}, or {@code null}
 * @param attachment the file that replaces the message's file, or {@code null} when the edit
 *     changes only text; checked against the file rules like a new message's
 * @param targetType what the edited message is: {@link EditTarget#MESSAGE} (the default, also for
 *     {@code null}) or {@link EditTarget#POLL}, whose edits are refused as bridgev2 refuses them
 */
public record Edit(
    String id,
    String chatID,
    String messageID,
    Long sentAt,
    Integer editCount,
    String text,
    String html,
    Attachment attachment,
    EditTarget targetType)
    implements Action {
  public Edit {
    Action.requireText(messageID, "messageID");
    if (attachment == null && (text == null || text.isEmpty())) {
      throw new IllegalArgumentException("text is required and must not be empty");
    }
    if (html != null && (text == null || text.isEmpty())) {
      throw new IllegalArgumentException("text is required with html: it is html's plain form");
    }
    if (editCount != null && editCount < 0) {
      throw new IllegalArgumentException("editCount must not be negative");
    }
    if (targetType == null) {
      targetType = EditTarget.MESSAGE;
    }
  }

  /** An edit of a message's text. */
  public Edit(
      String id,
      String chatID,
      String messageID,
      Long sentAt,
      Integer editCount,
      String text,
      String html) {
    this(id, chatID, messageID, sentAt, editCount, text, html, null, EditTarget.MESSAGE);
  }

  @Override
  public ActionType type() {
    return ActionType.EDIT;
  }

  /** Whether there is text: the new body, or with an attachment its caption or file name. */
  public boolean hasText() {
    return text != null && !text.isEmpty();
  }

  /** The same edit with what is known of the edited message's history. */
  public Edit withHistory(Long newSentAt, Integer newEditCount) {
    return new Edit(
        id, chatID, messageID, newSentAt, newEditCount, text, html, attachment, targetType);
  }

  /** The same edit with another body: text and HTML, and the file ({@code null}: none). */
  public Edit withBody(String newText, String newHtml, Attachment newAttachment) {
    return new Edit(
        id, chatID, messageID, sentAt, editCount, newText, newHtml, newAttachment, targetType);
  }
}
