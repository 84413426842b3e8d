package dev.triage.matrix;

import dev.triage.json.InvalidInputException;
import java.util.Locale;

/** RFC 5870 {@code geo:} URIs as Matrix locations carry them: {@code geo:lat,lon[,alt][;…]}. */
final class GeoUri {
  private GeoUri() {}

  /** Latitude and longitude; anything else is an {@link InvalidInputException} at {@code path}. */
  static double[] parse(String uri, String path) {
    if (!uri.toLowerCase(Locale.ROOT).startsWith("geo:")) {
      throw new InvalidInputException(path, "must be a geo: URI, got \"" + shorten(uri) + "\"");
    }
    String rest = uri.substring(4);
    int parameters = rest.indexOf(';');
    String coordinates = parameters < 0 ? rest : rest.substring(0, parameters);
    String[] parts = coordinates.split(",", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new InvalidInputException(
          path, "must be geo:latitude,longitude[,altitude], got \"" + shorten(uri) + "\"");
    }
    double latitude = number(parts[0], uri, path);
    double longitude = number(parts[1], uri, path);
    if (parts.length == 3) {
      number(parts[2], uri, path);
    }
    if (latitude < -90 || latitude > 90) {
      throw new InvalidInputException(path, "latitude must be between -90 and 90, got " + parts[0]);
    }
    if (longitude < -180 || longitude > 180) {
      throw new InvalidInputException(
          path, "longitude must be between -180 and 180, got " + parts[1]);
    }
    return new double[] {latitude, longitude};
  }

  private static double number(String text, String uri, String path) {
    String trimmed = text.trim();
    // Decimal degrees only: no exponents, hex floats, NaN or Infinity, which Double accepts.
    if (!trimmed.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
      throw new InvalidInputException(
          path,
          "must be geo:latitude,longitude with decimal numbers, got \"" + shorten(uri) + "\"");
    }
    return Double.parseDouble(trimmed);
  }

  private static String shorten(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }
}
