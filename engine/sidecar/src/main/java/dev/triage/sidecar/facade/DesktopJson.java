package dev.triage.sidecar.facade;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.action.Action;
import dev.triage.action.Location;
import dev.triage.action.Message;
import dev.triage.action.Poll;
import dev.triage.action.TextType;
import dev.triage.adapter.loopback.LoopbackAdapter;
import dev.triage.sidecar.http.Responses;

/** The Desktop API's JSON shapes for what the loopback holds: messages, their types, cursors. */
final class DesktopJson {
  private DesktopJson() {}

  private static ObjectNode object() {
    return Responses.object();
  }

  static ObjectNode messageJson(
      String chatID, String network, LoopbackAdapter.StoredMessage message) {
    ObjectNode out =
        object()
            .put("id", message.messageID())
            .put("accountID", network == null ? "triage" : network);
    out.put("chatID", chatID).put("senderID", "triage").put("sortKey", sortKey(message));
    out.put("timestamp", message.sentAt().toString());
    String text = textOf(message.action());
    if (text != null) {
      out.put("text", text);
    }
    out.put("type", typeOf(message.action())).put("isSender", true);
    if (message.editCount() > 0) {
      out.put("editedTimestamp", message.sentAt().toString());
    }
    ArrayNode reactions = out.putArray("reactions");
    message
        .reactions()
        .forEach(
            (key, count) -> {
              for (int i = 0; i < count; i++) {
                reactions
                    .addObject()
                    .put("id", key + "#" + i)
                    .put("participantID", "triage")
                    .put("reactionKey", key)
                    .put("emoji", !key.startsWith("mxc://"));
              }
            });
    out.putObject("sendStatus")
        .put("status", "SUCCESS")
        .put("timestamp", message.sentAt().toString());
    return out;
  }

  static String textOf(Action action) {
    if (action instanceof Message) {
      return ((Message) action).text();
    }
    if (action instanceof Poll) {
      return ((Poll) action).question();
    }
    if (action instanceof Location) {
      return ((Location) action).description();
    }
    return null;
  }

  static String typeOf(Action action) {
    if (action instanceof Location) {
      return "LOCATION";
    }
    if (!(action instanceof Message)) {
      return "TEXT";
    }
    Message message = (Message) action;
    if (message.attachment() == null) {
      return message.msgtype() == TextType.NOTICE ? "NOTICE" : "TEXT";
    }
    switch (message.attachment().msgtype()) {
      case "m.image":
      case "fi.mau.gif":
        return "IMAGE";
      case "m.video":
        return "VIDEO";
      case "m.audio":
        return "AUDIO";
      case "org.matrix.msc3245.voice":
        return "VOICE";
      case "m.sticker":
        return "STICKER";
      default:
        return "FILE";
    }
  }

  /** A message's position: the loopback's ids count up, so their number orders them. */
  static String sortKey(LoopbackAdapter.StoredMessage message) {
    String id = message.messageID();
    String digits = id.replaceAll("\\D", "");
    return String.format("%020d", digits.isEmpty() ? 0 : Long.parseLong(digits));
  }

  static void putCursor(ObjectNode out, String name, String value) {
    if (value == null) {
      out.putNull(name);
    } else {
      out.put(name, value);
    }
  }
}
