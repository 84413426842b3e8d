package dev.triage.adapter;

import java.util.Optional;

/** Optional for adapters: whether the adapter can deliver right now, for readiness checks. */
public interface AdapterHealth {
  /** Why the adapter cannot deliver now (a circuit breaker is open, …), or empty when it can. */
  Optional<String> problem();
}
