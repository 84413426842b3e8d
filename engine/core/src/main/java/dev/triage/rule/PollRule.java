package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.Message;
import dev.triage.action.Poll;
import dev.triage.action.TextType;
import dev.triage.capability.Capabilities;
import dev.triage.verdict.NoteCode;
import java.util.List;

/** Polls: the level and the poll limits; at 0 a text message with numbered options. */
final class PollRule {
  private PollRule() {}

  static List<Action> apply(Poll poll, Capabilities caps, Ruling ruling) {
    switch (ruling.whole("poll", caps.poll(), "Polls")) {
      case KEEP:
        int options = poll.options().size();
        if (!Limit.of("poll_max_options", caps.pollMaxOptions())
            .allows(
                ruling,
                options,
                String.valueOf(options),
                NoteCode.POLL_TOO_MANY_OPTIONS,
                () ->
                    "The poll has "
                        + options
                        + " options; this chat allows at most "
                        + caps.pollMaxOptions()
                        + ".")) {
          return List.of();
        }
        Limit optionLength = Limit.of("poll_option_max_length", caps.pollOptionMaxLength());
        for (int i = 0; i < options; i++) {
          int number = i + 1;
          int length = Texts.length(poll.options().get(i));
          if (!optionLength.allows(
              ruling,
              length,
              "option " + number + " has " + length,
              NoteCode.POLL_OPTION_TOO_LONG,
              () ->
                  "Option "
                      + number
                      + " is "
                      + length
                      + " characters long; this chat allows at most "
                      + caps.pollOptionMaxLength()
                      + ".")) {
            return List.of();
          }
        }
        return List.of(poll);
      case FALLBACK:
        ruling.degrade(
            NoteCode.POLL_FALLBACK_TEXT,
            "poll",
            caps.poll(),
            "Polls are not supported here; sent as a text message with numbered options.");
        StringBuilder text = new StringBuilder(poll.question());
        for (int i = 0; i < poll.options().size(); i++) {
          text.append('\n').append(i + 1).append(". ").append(poll.options().get(i));
        }
        Message asText =
            new Message(
                poll.id(), poll.chatID(), TextType.TEXT, text.toString(), null, null, null, null);
        return MessageRule.text(asText, caps, ruling);
      default:
        return List.of();
    }
  }
}
