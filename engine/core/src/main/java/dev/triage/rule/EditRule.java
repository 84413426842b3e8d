package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.Edit;
import dev.triage.action.EditTarget;
import dev.triage.action.Message;
import dev.triage.action.TextType;
import dev.triage.capability.Capabilities;
import dev.triage.verdict.NoteCode;
import dev.triage.verdict.Reasons;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Edits: the level, {@code edit_max_age} and {@code edit_max_count}, then the new text or file as a
 * message's would be checked, except that an edit is never split. At level 0 the new text goes as a
 * new message starting with {@code * }. Edits of polls are refused.
 */
final class EditRule implements Rule<Edit> {
  private static final Limit.Unknown COUNT_UNKNOWN =
      new Limit.Unknown(
          "editCount unknown",
          NoteCode.EDIT_COUNT_UNKNOWN,
          limit ->
              "This chat allows "
                  + limit
                  + " edits per message, but how often this one was edited is unknown.");

  private final Clock clock;

  EditRule(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<Action> apply(Edit edit, Capabilities caps, Ruling ruling) {
    if (edit.targetType() == EditTarget.POLL) {
      // bridgev2 portal.go handleMatrixMessage: edits of poll start events are refused, whatever
      // the chat says of edits.
      ruling.check("edit", caps.edit(), "the target is a poll: reject");
      ruling.reject(
          NoteCode.EDIT_POLL_UNSUPPORTED,
          "edit",
          null,
          Reasons.UNSUPPORTED_EVENT,
          "Polls cannot be edited here.");
      return List.of();
    }
    switch (ruling.whole("edit", caps.edit(), "Edits")) {
      case KEEP:
        if (!Limit.allowsAge(
            ruling,
            clock,
            "edit_max_age",
            caps.editMaxAge(),
            edit.sentAt(),
            NoteCode.EDIT_AGE_UNKNOWN,
            NoteCode.EDIT_TOO_OLD,
            "edited")) {
          return List.of();
        }
        // bridgev2 errors.go ErrEditTargetTooManyEdits: MessageStatusUnsupported. This edit would
        // be edit number editCount + 1.
        Integer before = edit.editCount();
        if (!Limit.of("edit_max_count", caps.editMaxCount())
            .allows(
                ruling,
                before == null ? null : before + 1L,
                before + " edits before",
                COUNT_UNKNOWN,
                NoteCode.EDIT_TOO_MANY,
                () ->
                    "This message was already edited "
                        + before
                        + " times; this chat allows "
                        + caps.editMaxCount()
                        + ".")) {
          return List.of();
        }
        if (edit.attachment() != null) {
          // bridgev2 portal.go handleMatrixEdit: checkMessageContentCaps on the new content.
          Edit checked = FileRule.editedFile(edit, caps, ruling);
          return checked == null ? List.of() : List.of(checked);
        }
        Message body = FormattingRule.format(asMessage(edit), caps, ruling);
        if (body == null || !TextLimit.whole(body, caps, ruling)) {
          return List.of();
        }
        return List.of(
            body.text().equals(edit.text()) && Objects.equals(body.html(), edit.html())
                ? edit
                : edit.withBody(body.text(), body.html(), null));
      case FALLBACK:
        ruling.degrade(
            NoteCode.EDIT_FALLBACK_NEW_MESSAGE,
            "edit",
            caps.edit(),
            "Edits are not supported here; sent as a new message.");
        if (edit.attachment() != null) {
          Message file =
              new Message(
                  edit.id(),
                  edit.chatID(),
                  TextType.TEXT,
                  edit.text(),
                  edit.html(),
                  null,
                  null,
                  edit.attachment());
          // Only a caption carries the marker: a file name stays the file name.
          return MessageRule.apply(
              file.hasCaption()
                  ? file.withText(
                      "* " + edit.text(), edit.html() == null ? null : "* " + edit.html())
                  : file,
              caps,
              ruling);
        }
        Message asNew =
            new Message(
                edit.id(),
                edit.chatID(),
                TextType.TEXT,
                "* " + edit.text(),
                edit.html() == null ? null : "* " + edit.html(),
                null,
                null,
                null);
        return MessageRule.text(asNew, caps, ruling);
      default:
        return List.of();
    }
  }

  /** An edit's new body as a message, for the formatting rule. Edits are not split. */
  private static Message asMessage(Edit edit) {
    return new Message(null, null, TextType.TEXT, edit.text(), edit.html(), null, null, null);
  }
}
