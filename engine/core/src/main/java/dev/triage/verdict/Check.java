package dev.triage.verdict;

import java.util.Objects;

/**
 * One step of a verdict's explanation: a capability consulted, what it said, and the rule applied.
 *
 * @param capability the capability field, in room_features spelling
 * @param value its value as the rule saw it (a level, a limit, a boolean), as text
 * @param rule the rule applied and its result, in words
 */
public record Check(String capability, String value, String rule) {
  public Check {
    Objects.requireNonNull(capability, "capability");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(rule, "rule");
  }
}
