package dev.triage.sidecar.gateway;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decision ids: random version-4 UUIDs from a thread-local generator. They name decisions in logs
 * and answers and need to be unique, not unguessable, so they skip SecureRandom, which cost more
 * than the decision and serialized the threads that drew from it.
 */
public final class DecisionIds {
  private DecisionIds() {}

  public static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
    return new UUID(high, low).toString();
  }
}
