package dev.triage.action;

/**
 * A location.
 *
 * @param id the client's transaction id, or {@code null}
 * @param chatID the target chat, or {@code null}
 * @param latitude degrees, -90 to 90
 * @param longitude degrees, -180 to 180
 * @param description what is there, or {@code null}
 */
public record Location(
    String id, String chatID, double latitude, double longitude, String description)
    implements Action {
  public Location {
    if (!(latitude >= -90 && latitude <= 90)) {
      throw new IllegalArgumentException("latitude must be between -90 and 90, got " + latitude);
    }
    if (!(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException(
          "longitude must be between -180 and 180, got " + longitude);
    }
  }

  @Override
  public ActionType type() {
    return ActionType.LOCATION;
  }
}
