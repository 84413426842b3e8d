package dev.triage.sidecar.gateway;

import dev.triage.action.Action;
import dev.triage.config.TriageConfig;
import dev.triage.verdict.Note;
import dev.triage.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The decision log ({@code logging.decisions: true}): one line per decision, from every route — id,
 * chat, action type, outcome, note codes. Never message text: the log may go where the messages
 * must not.
 */
final class DecisionLog {
  private static final Logger LOG = Logger.getLogger("dev.triage.sidecar.decisions");

  private DecisionLog() {}

  static void log(
      TriageConfig.Logging logging,
      String decisionID,
      String chatID,
      Action action,
      Verdict verdict) {
    if (!logging.decisions()) {
      return;
    }
    List<String> codes = new ArrayList<>(verdict.notes().size());
    for (Note note : verdict.notes()) {
      codes.add(note.code().code());
    }
    LOG.info(
        "decision id="
            + decisionID
            + " chat="
            + (chatID == null ? "-" : chatID)
            + " action="
            + action.type().wireName()
            + " outcome="
            + verdict.decision().wireName()
            + " notes="
            + codes);
  }
}
