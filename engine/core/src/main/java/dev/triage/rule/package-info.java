/**
 * The rules: one place per capability that applies the level table and the limits, and the
 * fallbacks that keep an action's meaning when its feature is unsupported. {@link
 * dev.triage.rule.Mediator} is the entry point; everything else is package-private.
 *
 * <p>The one safety rule holds everywhere: a degrade may lose fidelity but never widens reach or
 * exposure (no delete-for-me to delete-for-everyone, no view-once to lasting, no other timer).
 */
package dev.triage.rule;
