package dev.triage.capability;

/**
 * How well a network supports a feature, on the ladder that Matrix bridges publish in {@code
 * com.beeper.room_features}. Each constant says what the level means to a sender.
 */
public enum Level {
  /** -2: the network refuses the feature; an action that uses it is rejected as a whole. */
  REJECTED(-2),
  /** -1: the network silently ignores the feature; it is stripped and the rest is sent. */
  DROPPED(-1),
  /** 0: unsupported; a fallback that keeps the meaning is applied if there is one. */
  UNSUPPORTED(0),
  /** 1: supported, but the network may convert it (for example to another format). */
  PARTIAL(1),
  /** 2: fully supported; sent unchanged. */
  FULL(2);

  private final int value;

  Level(int value) {
    this.value = value;
  }

  /** The number used on the wire, from -2 to 2. */
  public int value() {
    return value;
  }

  /** True for {@link #PARTIAL} and {@link #FULL}: the feature goes through as it is. */
  public boolean isSupported() {
    return value > 0;
  }

  /**
   * The level for a wire number.
   *
   * @throws IllegalArgumentException if the number is outside -2..2
   */
  public static Level of(int value) {
    switch (value) {
      case -2:
        return REJECTED;
      case -1:
        return DROPPED;
      case 0:
        return UNSUPPORTED;
      case 1:
        return PARTIAL;
      case 2:
        return FULL;
      default:
        throw new IllegalArgumentException("level must be between -2 and 2, got " + value);
    }
  }

  /** The level for a boolean capability: true is {@link #FULL}, false {@link #UNSUPPORTED}. */
  public static Level of(boolean supported) {
    return supported ? FULL : UNSUPPORTED;
  }
}
