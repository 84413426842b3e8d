package dev.triage.capability;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One chat's capabilities: the content of {@code com.beeper.room_features}, or the Desktop API's
 * {@code Chat.capabilities}. Immutable; build one with {@link #builder()} or read one with {@code
 * dev.triage.json.TriageJson}.
 *
 * <p>A missing level is {@link Level#UNSUPPORTED}; a zero numeric limit means no limit. Ages and
 * durations are {@link Duration}s; disappearing timers are milliseconds.
 *
 * @param id the document's id as the bridge sent it, or {@code null}
 * @param formatting formatting feature ({@code bold}, {@code code_block.syntax_highlighting}, …) to
 *     level; features this version does not know are kept
 * @param files attachment msgtype ({@code m.image}, {@code org.matrix.msc3245.voice}, …) to what
 *     the chat accepts for it
 * @param maxTextLength the longest text in Unicode code points, 0 for no limit
 * @param locationMessage location messages
 * @param poll polls
 * @param pollMaxOptions the most options a poll may have, 0 for no limit
 * @param pollOptionMaxLength the longest poll option in code points, 0 for no limit
 * @param thread messages in threads
 * @param reply replies
 * @param edit edits
 * @param editMaxCount how often one message may be edited, 0 for no limit
 * @param editMaxAge how long after sending a message may be edited, zero for no limit
 * @param delete deleting a message for everyone
 * @param deleteForMe whether deleting a message only for oneself is possible
 * @param deleteMaxAge how long after sending a message may be deleted, zero for no limit
 * @param disappearingTimer the disappearing timers allowed, or {@code null} when there are none
 * @param reaction reactions
 * @param reactionCount how many reactions one sender may have on a message, 0 for no limit
 * @param allowedReactions the only reactions allowed, or {@code null} when every emoji is
 * @param customEmojiReactions whether custom (image) emoji can be reactions
 * @param state state event type ({@code m.room.name}, …) to level
 * @param memberActions member operation ({@code ban}, {@code revoke_invite}, …) to level
 * @param readReceipts whether the network hears of read receipts
 * @param typingNotifications whether the network hears of typing
 * @param archive whether archiving reaches the network
 * @param markAsUnread whether marking a chat unread reaches the network
 * @param deleteChat whether a chat can be deleted for oneself
 * @param deleteChatForEveryone whether a chat can be deleted for everyone
 * @param acceptRequestWithMessage accepting a message request by replying
 * @param acceptRequestWithButton accepting a message request explicitly
 * @param unknown top-level keys this version does not know, kept as read (documents evolve)
 */
public record Capabilities(
    String id,
    Map<String, Level> formatting,
    Map<String, FileCapability> files,
    int maxTextLength,
    Level locationMessage,
    Level poll,
    int pollMaxOptions,
    int pollOptionMaxLength,
    Level thread,
    Level reply,
    Level edit,
    int editMaxCount,
    Duration editMaxAge,
    Level delete,
    boolean deleteForMe,
    Duration deleteMaxAge,
    DisappearingTimerCapability disappearingTimer,
    Level reaction,
    int reactionCount,
    List<String> allowedReactions,
    boolean customEmojiReactions,
    Map<String, Level> state,
    Map<String, Level> memberActions,
    boolean readReceipts,
    boolean typingNotifications,
    boolean archive,
    boolean markAsUnread,
    boolean deleteChat,
    boolean deleteChatForEveryone,
    Level acceptRequestWithMessage,
    Level acceptRequestWithButton,
    Map<String, JsonNode> unknown) {

  /** Checks the limits and takes sorted, unmodifiable copies of every collection. */
  public Capabilities {
    formatting = sortedCopy(formatting);
    files = sortedCopy(files);
    state = sortedCopy(state);
    memberActions = sortedCopy(memberActions);
    allowedReactions = allowedReactions == null ? null : List.copyOf(allowedReactions);
    unknown = copyUnknown(unknown);
    Objects.requireNonNull(locationMessage, "locationMessage");
    Objects.requireNonNull(poll, "poll");
    Objects.requireNonNull(thread, "thread");
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(edit, "edit");
    Objects.requireNonNull(delete, "delete");
    Objects.requireNonNull(reaction, "reaction");
    Objects.requireNonNull(acceptRequestWithMessage, "acceptRequestWithMessage");
    Objects.requireNonNull(acceptRequestWithButton, "acceptRequestWithButton");
    requireNotNegative(maxTextLength, "maxTextLength");
    requireNotNegative(pollMaxOptions, "pollMaxOptions");
    requireNotNegative(pollOptionMaxLength, "pollOptionMaxLength");
    requireNotNegative(editMaxCount, "editMaxCount");
    requireNotNegative(reactionCount, "reactionCount");
    requireNotNegative(editMaxAge, "editMaxAge");
    requireNotNegative(deleteMaxAge, "deleteMaxAge");
  }

  /** Capabilities with nothing supported: every level 0, every boolean false, no limits. */
  public static Capabilities none() {
    return builder().build();
  }

  /** A builder that starts from {@link #none()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these capabilities, for deltas. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The level of a formatting feature; missing means {@link Level#UNSUPPORTED}. */
  public Level formattingLevel(String feature) {
    return formatting.getOrDefault(feature, Level.UNSUPPORTED);
  }

  /** What the chat accepts for an attachment msgtype, if it lists it. */
  public Optional<FileCapability> file(String msgtype) {
    return Optional.ofNullable(files.get(msgtype));
  }

  /** The level of a state field; missing means {@link Level#UNSUPPORTED}. */
  public Level stateLevel(StateField field) {
    return state.getOrDefault(field.eventType(), Level.UNSUPPORTED);
  }

  /** The level of a member operation; missing means {@link Level#UNSUPPORTED}. */
  public Level memberLevel(MemberOperation operation) {
    return memberActions.getOrDefault(operation.snakeName(), Level.UNSUPPORTED);
  }

  static <V> Map<String, V> sortedCopy(Map<String, V> map) {
    Map<String, V> copy = new TreeMap<>();
    if (map != null) {
      map.forEach(
          (key, value) ->
              copy.put(
                  Objects.requireNonNull(key, "map key"),
                  Objects.requireNonNull(value, () -> "value of " + key)));
    }
    return Collections.unmodifiableMap(copy);
  }

  static Map<String, JsonNode> copyUnknown(Map<String, JsonNode> unknown) {
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    if (unknown != null) {
      // JsonNode is mutable; a deep copy keeps the record immutable.
      unknown.forEach((key, value) -> copy.put(key, value.deepCopy()));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static void requireNotNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }

  private static void requireNotNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }

  /** Builds {@link Capabilities}; every setter returns the builder. Not thread-safe. */
  public static final class Builder {
    private String id;
    private final Map<String, Level> formatting = new TreeMap<>();
    private final Map<String, FileCapability> files = new TreeMap<>();
    private int maxTextLength;
    private Level locationMessage = Level.UNSUPPORTED;
    private Level poll = Level.UNSUPPORTED;
    private int pollMaxOptions;
    private int pollOptionMaxLength;
    private Level thread = Level.UNSUPPORTED;
    private Level reply = Level.UNSUPPORTED;
    private Level edit = Level.UNSUPPORTED;
    private int editMaxCount;
    private Duration editMaxAge = Duration.ZERO;
    private Level delete = Level.UNSUPPORTED;
    private boolean deleteForMe;
    private Duration deleteMaxAge = Duration.ZERO;
    private DisappearingTimerCapability disappearingTimer;
    private Level reaction = Level.UNSUPPORTED;
    private int reactionCount;
    private List<String> allowedReactions;
    private boolean customEmojiReactions;
    private final Map<String, Level> state = new TreeMap<>();
    private final Map<String, Level> memberActions = new TreeMap<>();
    private boolean readReceipts;
    private boolean typingNotifications;
    private boolean archive;
    private boolean markAsUnread;
    private boolean deleteChat;
    private boolean deleteChatForEveryone;
    private Level acceptRequestWithMessage = Level.UNSUPPORTED;
    private Level acceptRequestWithButton = Level.UNSUPPORTED;
    private final Map<String, JsonNode> unknown = new LinkedHashMap<>();

    private Builder() {}

    private Builder(Capabilities c) {
      id = c.id;
      formatting.putAll(c.formatting);
      files.putAll(c.files);
      maxTextLength = c.maxTextLength;
      locationMessage = c.locationMessage;
      poll = c.poll;
      pollMaxOptions = c.pollMaxOptions;
      pollOptionMaxLength = c.pollOptionMaxLength;
      thread = c.thread;
      reply = c.reply;
      edit = c.edit;
      editMaxCount = c.editMaxCount;
      editMaxAge = c.editMaxAge;
      delete = c.delete;
      deleteForMe = c.deleteForMe;
      deleteMaxAge = c.deleteMaxAge;
      disappearingTimer = c.disappearingTimer;
      reaction = c.reaction;
      reactionCount = c.reactionCount;
      allowedReactions = c.allowedReactions;
      customEmojiReactions = c.customEmojiReactions;
      state.putAll(c.state);
      memberActions.putAll(c.memberActions);
      readReceipts = c.readReceipts;
      typingNotifications = c.typingNotifications;
      archive = c.archive;
      markAsUnread = c.markAsUnread;
      deleteChat = c.deleteChat;
      deleteChatForEveryone = c.deleteChatForEveryone;
      acceptRequestWithMessage = c.acceptRequestWithMessage;
      acceptRequestWithButton = c.acceptRequestWithButton;
      unknown.putAll(c.unknown);
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder formatting(String feature, Level level) {
      formatting.put(feature, level);
      return this;
    }

    public Builder file(String msgtype, FileCapability file) {
      files.put(msgtype, file);
      return this;
    }

    public Builder removeFile(String msgtype) {
      files.remove(msgtype);
      return this;
    }

    public Builder maxTextLength(int maxTextLength) {
      this.maxTextLength = maxTextLength;
      return this;
    }

    public Builder locationMessage(Level level) {
      this.locationMessage = level;
      return this;
    }

    public Builder poll(Level level) {
      this.poll = level;
      return this;
    }

    public Builder pollMaxOptions(int pollMaxOptions) {
      this.pollMaxOptions = pollMaxOptions;
      return this;
    }

    public Builder pollOptionMaxLength(int pollOptionMaxLength) {
      this.pollOptionMaxLength = pollOptionMaxLength;
      return this;
    }

    public Builder thread(Level level) {
      this.thread = level;
      return this;
    }

    public Builder reply(Level level) {
      this.reply = level;
      return this;
    }

    public Builder edit(Level level) {
      this.edit = level;
      return this;
    }

    public Builder editMaxCount(int editMaxCount) {
      this.editMaxCount = editMaxCount;
      return this;
    }

    public Builder editMaxAge(Duration editMaxAge) {
      this.editMaxAge = editMaxAge;
      return this;
    }

    public Builder delete(Level level) {
      this.delete = level;
      return this;
    }

    public Builder deleteForMe(boolean deleteForMe) {
      this.deleteForMe = deleteForMe;
      return this;
    }

    public Builder deleteMaxAge(Duration deleteMaxAge) {
      this.deleteMaxAge = deleteMaxAge;
      return this;
    }

    public Builder disappearingTimer(DisappearingTimerCapability disappearingTimer) {
      this.disappearingTimer = disappearingTimer;
      return this;
    }

    public Builder reaction(Level level) {
      this.reaction = level;
      return this;
    }

    public Builder reactionCount(int reactionCount) {
      this.reactionCount = reactionCount;
      return this;
    }

    /** The only reactions allowed; {@code null} allows every emoji. */
    public Builder allowedReactions(List<String> allowedReactions) {
      this.allowedReactions = allowedReactions;
      return this;
    }

    public Builder customEmojiReactions(boolean customEmojiReactions) {
      this.customEmojiReactions = customEmojiReactions;
      return this;
    }

    public Builder state(StateField field, Level level) {
      return state(field.eventType(), level);
    }

    /** A state level by event type, for types beyond {@link StateField}. */
    public Builder state(String eventType, Level level) {
      state.put(eventType, level);
      return this;
    }

    public Builder memberAction(MemberOperation operation, Level level) {
      return memberAction(operation.snakeName(), level);
    }

    /** A member-action level by room_features key, for keys beyond {@link MemberOperation}. */
    public Builder memberAction(String key, Level level) {
      memberActions.put(key, level);
      return this;
    }

    public Builder readReceipts(boolean readReceipts) {
      this.readReceipts = readReceipts;
      return this;
    }

    public Builder typingNotifications(boolean typingNotifications) {
      this.typingNotifications = typingNotifications;
      return this;
    }

    public Builder archive(boolean archive) {
      this.archive = archive;
      return this;
    }

    public Builder markAsUnread(boolean markAsUnread) {
      this.markAsUnread = markAsUnread;
      return this;
    }

    public Builder deleteChat(boolean deleteChat) {
      this.deleteChat = deleteChat;
      return this;
    }

    public Builder deleteChatForEveryone(boolean deleteChatForEveryone) {
      this.deleteChatForEveryone = deleteChatForEveryone;
      return this;
    }

    public Builder acceptRequestWithMessage(Level level) {
      this.acceptRequestWithMessage = level;
      return this;
    }

    public Builder acceptRequestWithButton(Level level) {
      this.acceptRequestWithButton = level;
      return this;
    }

    /** Keeps a key this version does not know, so that it is written back. */
    public Builder unknown(String key, JsonNode value) {
      unknown.put(key, value);
      return this;
    }

    public Capabilities build() {
      return new Capabilities(
          id,
          formatting,
          files,
          maxTextLength,
          locationMessage,
          poll,
          pollMaxOptions,
          pollOptionMaxLength,
          thread,
          reply,
          edit,
          editMaxCount,
          editMaxAge,
          delete,
          deleteForMe,
          deleteMaxAge,
          disappearingTimer,
          reaction,
          reactionCount,
          allowedReactions,
          customEmojiReactions,
          state,
          memberActions,
          readReceipts,
          typingNotifications,
          archive,
          markAsUnread,
          deleteChat,
          deleteChatForEveryone,
          acceptRequestWithMessage,
          acceptRequestWithButton,
          unknown);
    }
  }
}
