package dev.triage.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The idempotency keys a network sees: one per chat, action id and part, the same across restarts,
 * and not one a client can forge with an id of its own.
 *
 * <p>A key is {@code <stem>.<part>}:
 *
 * <ul>
 *   <li>{@code stem}: SHA-256 over the 4-byte big-endian length of the chat ID's UTF-8 bytes, those
 *       bytes, then the action id's UTF-8 bytes; written in unpadded base64url (RFC 4648 §5), so
 *       always 43 characters of {@code A-Z a-z 0-9 - _};
 *   <li>{@code part}: the part's position in the verdict, in decimal from 1 with no leading zeros.
 * </ul>
 *
 * For example chat {@code !A:x}, id {@code k1}, part 1 is {@code
 * F9sqnKHd9-z20HdD-kqT7KMrY_qtw_Gbwg9Ti_2pUII.1}; part 2 of the same action ends {@code .2}. The
 * length prefix keeps every (chat, id) pair apart (no separator a chat ID could contain), the hash
 * keeps the id out of the part's place, and the part sits after the only dot, so a client id {@code
 * k2#2} or {@code k2.2} cannot name another action's second part. An action without an id gets a
 * random one, so its keys are new every time.
 */
public final class IdempotencyKeys {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private IdempotencyKeys() {}

  /** The stem shared by every part of the action {@code id} in {@code chatID}. */
  public static String stem(String chatID, String id) {
    byte[] chat = chatID.getBytes(StandardCharsets.UTF_8);
    byte[] action = id.getBytes(StandardCharsets.UTF_8);
    MessageDigest sha = sha256();
    sha.update(ByteBuffer.allocate(4).putInt(chat.length).array());
    sha.update(chat);
    sha.update(action);
    return BASE64URL.encodeToString(sha.digest());
  }

  /** The key of part {@code part} (from 1) of the action {@code id} in {@code chatID}. */
  public static String key(String chatID, String id, int part) {
    return part(stem(chatID, id), part);
  }

  /** The key of part {@code part} (from 1) under {@code stem}. */
  public static String part(String stem, int part) {
    if (part < 1) {
      throw new IllegalArgumentException("parts count from 1, got " + part);
    }
    return stem + '.' + part;
  }

  /** SHA-256 of {@code text}'s UTF-8 bytes, in unpadded base64url. */
  static String sha256(String text) {
    return BASE64URL.encodeToString(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
