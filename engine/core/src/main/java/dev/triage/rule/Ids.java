package dev.triage.rule;

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
}
