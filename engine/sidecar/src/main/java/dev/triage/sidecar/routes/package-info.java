/**
 * Triage's own route groups: mediation (of actions, and of Matrix events), delivery, capabilities
 * and profiles, profiles compared (diff and matrix), health, operations, and the web page over
 * them. Each depends on the gateway and the HTTP plumbing only, never on another group.
 */
package dev.triage.sidecar.routes;
