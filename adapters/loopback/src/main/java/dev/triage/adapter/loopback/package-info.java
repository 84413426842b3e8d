/** The loopback adapter: delivers into memory; the embedded default. */
package dev.triage.adapter.loopback;
