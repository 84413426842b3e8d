/**
 * The runnable {@code triage.jar}: its commands ({@code serve}, {@code check}, {@code profiles},
 * {@code diff}, {@code matrix}), logging, signals, and the HTTP server's lifecycle ({@link
 * dev.triage.sidecar.TriageServer}). What a request goes through lives in the subpackages: {@code
 * http} (plumbing and the error catalog), {@code gateway} (the one way to a decision and to the
 * network), {@code routes} and {@code facade} (the route groups); {@code appservice} is the
 * appservice proxy, on a listener of its own.
 */
package dev.triage.sidecar;
