/**
 * The runnable {@code triage.jar}: the {@code check} command, which mediates a file of actions
 * against a capability document with the same code path and wire format as the library.
 */
package dev.triage.sidecar;
