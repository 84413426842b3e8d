/** The beeper-desktop adapter: actions forwarded to a Beeper Desktop API server. */
package dev.triage.adapter.desktop;
