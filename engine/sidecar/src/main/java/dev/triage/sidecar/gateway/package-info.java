/**
 * The one way from a request to a decision and to the network: the running configuration and store,
 * an adapter per network, the mediate-and-deliver path, the workers markup runs on, and what every
 * decision leaves behind (its id, a log line, metrics, the JSON answer). Every route group decides
 * and delivers through {@link dev.triage.sidecar.gateway.Gateway}.
 */
package dev.triage.sidecar.gateway;
