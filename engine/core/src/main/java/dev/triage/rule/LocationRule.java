package dev.triage.rule;

import dev.triage.action.Action;
import dev.triage.action.Location;
import dev.triage.action.Message;
import dev.triage.action.TextType;
import dev.triage.capability.Capabilities;
import dev.triage.verdict.NoteCode;
import java.util.List;

/** Locations: the level; at 0 a text message with the description and a {@code geo:} URI. */
final class LocationRule {
  private LocationRule() {}

  static List<Action> apply(Location location, Capabilities caps, Ruling ruling) {
    switch (ruling.whole("location_message", caps.locationMessage(), "Location messages")) {
      case KEEP:
        return List.of(location);
      case FALLBACK:
        ruling.degrade(
            NoteCode.LOCATION_FALLBACK_TEXT,
            "location_message",
            caps.locationMessage(),
            "Location messages are not supported here; sent as text with a geo: link.");
        String geo =
            "geo:"
                + Texts.coordinate(location.latitude())
                + ","
                + Texts.coordinate(location.longitude());
        String text =
            location.description() == null || location.description().isBlank()
                ? geo
                : location.description() + "\n" + geo;
        Message asText =
            new Message(
                location.id(), location.chatID(), TextType.TEXT, text, null, null, null, null);
        return MessageRule.text(asText, caps, ruling);
      default:
        return List.of();
    }
  }
}
