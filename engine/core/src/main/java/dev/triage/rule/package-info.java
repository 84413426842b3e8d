/**
 * The rules: for each kind of action, how the chat's capabilities decide it, and the fallbacks that
 * keep an action's meaning when its feature is unsupported. Two classes are public: {@link
 * dev.triage.rule.Mediator}, the entry point, and {@link dev.triage.rule.CapabilityDiff}, which
 * says what a change to a capability document means for senders. Everything else is
 * package-private.
 *
 * <p>{@code Mediator} only dispatches, to one rule per kind of action ({@code MessageRule}, with
 * {@code RelationRule} for threads and replies, {@code FileRule} for attachments and {@code
 * FormattingRule} for markup; {@code EditRule}, {@code DeleteRule}, {@code ReactionRule}, {@code
 * PollRule}, {@code LocationRule}, {@code StateRule}, {@code TimerRule}, {@code MemberRule}, {@code
 * ChatRule}, {@code SignalRule}). What they share is said once: {@code Ruling} applies the level
 * table and collects the notes; {@code Limit} applies every numeric limit (0 is none, an unknown
 * value passes with a note, over rejects); {@code TextLimit} measures every text against {@code
 * max_text_length}; {@code Flag} is the table of boolean capabilities, which false ones drop and
 * which reject, read by the rules and by {@code CapabilityDiff}.
 *
 * <p>The one safety rule holds everywhere: a degrade may lose fidelity but never widens reach or
 * exposure (no delete-for-me to delete-for-everyone, no view-once to lasting, no other timer).
 */
package dev.triage.rule;
