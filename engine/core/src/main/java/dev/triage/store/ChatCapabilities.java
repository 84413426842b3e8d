package dev.triage.store;

import dev.triage.capability.Capabilities;
import dev.triage.json.CapabilityDelta;
import java.util.Objects;

/**
 * Where one chat's capabilities come from, and what they are.
 *
 * @param network the network (and so profile) the chat is on, or {@code null} when its whole
 *     document was set directly
 * @param delta the chat's change over its network's profile, or {@code null}
 * @param capabilities the resolved capabilities
 */
public record ChatCapabilities(String network, CapabilityDelta delta, Capabilities capabilities) {
  public ChatCapabilities {
    Objects.requireNonNull(capabilities, "capabilities");
  }

  /** Where the capabilities come from, in words: {@code network wa + delta}, {@code document}. */
  public String source() {
    if (network == null) {
      return "document";
    }
    return "network " + network + (delta == null ? "" : " + delta");
  }
}
