package dev.triage.capability;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a chat accepts for one attachment msgtype ({@code file.<msgtype>} in room_features, {@code
 * attachments.<msgtype>} in the Desktop API). A zero limit means no limit.
 *
 * @param mimeTypes MIME type or pattern ({@code image/png}, {@code image/*}, {@code *}{@code /*})
 *     to level
 * @param caption whether text can go with the file
 * @param maxCaptionLength the longest caption in Unicode code points, 0 for no limit
 * @param maxSize the largest file in bytes, 0 for no limit
 * @param maxWidth the widest image or video in pixels, 0 for no limit
 * @param maxHeight the tallest image or video in pixels, 0 for no limit
 * @param maxDuration the longest audio or video, {@link Duration#ZERO} for no limit
 * @param viewOnce whether view-once media can be sent
 * @param unknown keys this version of Triage does not know, kept so that a document round-trips
 */
public record FileCapability(
    Map<String, Level> mimeTypes,
    Level caption,
    int maxCaptionLength,
    long maxSize,
    int maxWidth,
    int maxHeight,
    Duration maxDuration,
    boolean viewOnce,
    Map<String, JsonNode> unknown) {

  /** Validates the limits and takes sorted, unmodifiable copies of the maps. */
  public FileCapability {
    Objects.requireNonNull(caption, "caption");
    Objects.requireNonNull(maxDuration, "maxDuration");
    requireNotNegative(maxCaptionLength, "maxCaptionLength");
    requireNotNegative(maxSize, "maxSize");
    requireNotNegative(maxWidth, "maxWidth");
    requireNotNegative(maxHeight, "maxHeight");
    if (maxDuration.isNegative()) {
      throw new IllegalArgumentException("maxDuration must not be negative");
    }
    mimeTypes = Collections.unmodifiableMap(new TreeMap<>(mimeTypes));
    unknown = Capabilities.copyUnknown(unknown);
  }

  /** A file capability that accepts the given MIME levels and has no other limit. */
  public static FileCapability of(Map<String, Level> mimeTypes) {
    return new FileCapability(
        mimeTypes, Level.UNSUPPORTED, 0, 0, 0, 0, Duration.ZERO, false, Map.of());
  }

  /**
   * The level for a MIME type, looked up as mautrix does: the exact type, then the type without
   * parameters, then {@code major/*}, then {@code *}{@code /*}; a type that matches nothing is
   * {@link Level#REJECTED}. MIME types are case-insensitive, so the lookups after the exact one use
   * the lower-cased type.
   */
  public Level mimeLevel(String mimeType) {
    String match = mimeMatch(mimeType);
    return match == null ? Level.REJECTED : mimeTypes.get(match);
  }

  /**
   * The key of {@link #mimeTypes} that decides a MIME type's level, in the lookup order of {@link
   * #mimeLevel}; {@code null} when none matches.
   */
  public String mimeMatch(String mimeType) {
    if (mimeTypes.containsKey(mimeType)) {
      return mimeType;
    }
    String normalized = mimeType.trim().toLowerCase(Locale.ROOT);
    if (mimeTypes.containsKey(normalized)) {
      return normalized;
    }
    int semicolon = normalized.indexOf(';');
    String base = semicolon >= 0 ? normalized.substring(0, semicolon).trim() : normalized;
    if (mimeTypes.containsKey(base)) {
      return base;
    }
    int slash = base.indexOf('/');
    if (slash > 0 && mimeTypes.containsKey(base.substring(0, slash) + "/*")) {
      return base.substring(0, slash) + "/*";
    }
    return mimeTypes.containsKey("*/*") ? "*/*" : null;
  }

  private static void requireNotNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }
}
