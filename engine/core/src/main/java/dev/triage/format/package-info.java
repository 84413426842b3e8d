/**
 * Formatting internals, not exported: HTML and Markdown read into one sanitized DOM (bounded in
 * elements and depth), each formatting feature's fallback, the plain-text rendering, and splitting
 * long text and HTML at safe boundaries. What leaves is always the serialization of the sanitized
 * DOM (or a string proven byte-identical to it by {@code FastScan}'s strict grammar), never the
 * caller's input. The rules ({@code dev.triage.rule.FormattingRule}) are the only way in.
 */
package dev.triage.format;
