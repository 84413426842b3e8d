/**
 * The {@code jsonl} adapter: every delivered action appended to a file as one JSON line. Shipped as
 * a jar of its own, not inside triage.jar: put it on the classpath beside Triage to use it.
 */
package dev.triage.adapter.jsonl;
