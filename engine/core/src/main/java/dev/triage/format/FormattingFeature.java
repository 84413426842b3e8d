package dev.triage.format;

import java.util.Optional;

/**
 * The formatting features of {@code com.beeper.room_features} {@code formatting}, with the HTML
 * ({@code org.matrix.custom.html}) that uses each. The dotted ones are sub-features: they only
 * matter where their parent is kept.
 */
public enum FormattingFeature {
  BOLD("bold"),
  ITALIC("italic"),
  UNDERLINE("underline"),
  STRIKETHROUGH("strikethrough"),
  INLINE_CODE("inline_code"),
  CODE_BLOCK("code_block"),
  SYNTAX_HIGHLIGHTING("code_block.syntax_highlighting"),
  BLOCKQUOTE("blockquote"),
  INLINE_LINK("inline_link"),
  USER_LINK("user_link"),
  ROOM_LINK("room_link"),
  EVENT_LINK("event_link"),
  AT_ROOM_MENTION("at_room_mention"),
  UNORDERED_LIST("unordered_list"),
  ORDERED_LIST("ordered_list"),
  LIST_START("ordered_list.start"),
  LIST_JUMP_VALUE("ordered_list.jump_value"),
  CUSTOM_EMOJI("custom_emoji"),
  SPOILER("spoiler"),
  SPOILER_REASON("spoiler.reason"),
  FOREGROUND_COLOR("color.foreground"),
  BACKGROUND_COLOR("color.background"),
  HORIZONTAL_LINE("horizontal_line"),
  HEADERS("headers"),
  SUPERSCRIPT("superscript"),
  SUBSCRIPT("subscript"),
  MATH("math"),
  DETAILS_SUMMARY("details_summary"),
  TABLE("table");

  private final String key;

  FormattingFeature(String key) {
    this.key = key;
  }

  /** The key in {@code formatting}. */
  public String key() {
    return key;
  }

  /** The capability path used in notes: {@code formatting.<key>}. */
  public String capability() {
    return "formatting." + key;
  }

  /** The feature for a {@code formatting} key. */
  public static Optional<FormattingFeature> fromKey(String key) {
    for (FormattingFeature feature : values()) {
      if (feature.key.equals(key)) {
        return Optional.of(feature);
      }
    }
    return Optional.empty();
  }
}
