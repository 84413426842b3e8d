/**
 * The JSON wire format. {@link dev.triage.json.TriageJson} reads capability documents in both
 * spellings (room_features and Desktop API), actions and verdicts, and writes them back; every
 * error is an {@link dev.triage.json.InvalidInputException} that names the path of the problem.
 */
package dev.triage.json;
