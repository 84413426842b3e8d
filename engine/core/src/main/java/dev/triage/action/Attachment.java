package dev.triage.action;

/**
 * A file sent with a message. Sizes are bytes, dimensions pixels, durations seconds; a {@code null}
 * number is unknown.
 *
 * @param msgtype {@code m.image}, {@code m.file}, {@code m.audio}, {@code m.video}, or one of the
 *     pseudo-msgtypes {@code org.matrix.msc3245.voice}, {@code fi.mau.gif}, {@code m.sticker}
 * @param mimeType the file's MIME type
 * @param size bytes, or {@code null}
 * @param width pixels, or {@code null}
 * @param height pixels, or {@code null}
 * @param duration seconds, or {@code null}
 * @param fileName the file name, or {@code null}
 * @param url where the file is ({@code mxc://}, a URL or a path), or {@code null}
 * @param viewOnce whether the file may be seen only once
 */
public record Attachment(
    String msgtype,
    String mimeType,
    Long size,
    Integer width,
    Integer height,
    Double duration,
    String fileName,
    String url,
    boolean viewOnce) {

  /** The attachment msgtypes Triage knows. */
  public static final String IMAGE = "m.image";

  public static final String FILE = "m.file";
  public static final String AUDIO = "m.audio";
  public static final String VIDEO = "m.video";
  public static final String VOICE = "org.matrix.msc3245.voice";
  public static final String GIF = "fi.mau.gif";
  public static final String STICKER = "m.sticker";

  public Attachment {
    Action.requireText(msgtype, "attachment.msgtype");
    Action.requireText(mimeType, "attachment.mimeType");
    requireNotNegative(size, "attachment.size");
    requireNotNegative(width, "attachment.width");
    requireNotNegative(height, "attachment.height");
    if (duration != null && (duration < 0 || duration.isNaN() || duration.isInfinite())) {
      throw new IllegalArgumentException("attachment.duration must be a non-negative number");
    }
  }

  /** A file of the given msgtype and MIME type with nothing else known. */
  public static Attachment of(String msgtype, String mimeType) {
    return new Attachment(msgtype, mimeType, null, null, null, null, null, null, false);
  }

  /** This attachment sent as another msgtype. */
  public Attachment withMsgtype(String newMsgtype) {
    return new Attachment(
        newMsgtype, mimeType, size, width, height, duration, fileName, url, viewOnce);
  }

  private static void requireNotNegative(Number value, String name) {
    if (value != null && value.longValue() < 0) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
  }
}
