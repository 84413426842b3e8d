package dev.triage.format;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Classifies links into the formatting features for Matrix permalinks: users, rooms and events, by
 * {@code https://matrix.to/#/…} and {@code matrix:} URIs; anything else is an inline link.
 */
final class MatrixLinks {
  private static final String MATRIX_TO = "https://matrix.to/#/";

  private MatrixLinks() {}

  static FormattingFeature classify(String href) {
    if (href.startsWith(MATRIX_TO)) {
      String rest =
          URLDecoder.decode(stripQuery(href.substring(MATRIX_TO.length())), StandardCharsets.UTF_8);
      if (rest.startsWith("@")) {
        return FormattingFeature.USER_LINK;
      }
      if (rest.startsWith("#") || rest.startsWith("!")) {
        return rest.contains("/$") ? FormattingFeature.EVENT_LINK : FormattingFeature.ROOM_LINK;
      }
      return FormattingFeature.INLINE_LINK;
    }
    if (href.startsWith("matrix:")) {
      String rest = stripQuery(href.substring("matrix:".length()));
      if (rest.startsWith("u/")) {
        return FormattingFeature.USER_LINK;
      }
      if (rest.startsWith("r/") || rest.startsWith("roomid/")) {
        return rest.contains("/e/") ? FormattingFeature.EVENT_LINK : FormattingFeature.ROOM_LINK;
      }
    }
    return FormattingFeature.INLINE_LINK;
  }

  private static String stripQuery(String link) {
    int query = link.indexOf('?');
    return query >= 0 ? link.substring(0, query) : link;
  }
}
