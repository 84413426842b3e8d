package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.Message;
import dev.triage.action.Reaction;
import java.util.ArrayList;
import java.util.List;

/**
 * Transaction ids for the extra actions of a degrade. The first action keeps the client's id; the
 * n-th (n ≥ 2) gets {@code id#n}, so each delivered action has its own idempotency key and a client
 * can still match it to the id it sent.
 */
final class Ids {
  private Ids() {}

  static String next(String id, int position) {
    return id == null ? null : id + "#" + position;
  }

  /** Gives the second and later actions of a degrade their own ids. */
  static List<Action> number(List<Action> actions) {
    if (actions.size() < 2) {
      return actions;
    }
    List<Action> numbered = new ArrayList<>(actions.size());
    numbered.add(actions.get(0));
    for (int i = 1; i < actions.size(); i++) {
      Action action = actions.get(i);
      String id = next(action.id(), i + 1);
      if (action instanceof Message) {
        numbered.add(((Message) action).withId(id));
      } else if (action instanceof Reaction) {
        numbered.add(((Reaction) action).withId(id));
      } else {
        numbered.add(action);
      }
    }
    return numbered;
  }
}
