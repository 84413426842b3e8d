/**
 * Verdicts: the decision (forward, degrade, drop, reject), the actions to send, notes with codes
 * from one stable catalog ({@link dev.triage.verdict.NoteCode}), a send status for what is not
 * sent, and, when asked, the explanation of every capability consulted.
 */
package dev.triage.verdict;
