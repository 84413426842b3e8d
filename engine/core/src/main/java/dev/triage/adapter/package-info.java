/**
 * The adapter SPI: how mediated actions reach a network. Plain {@link
 * java.util.concurrent.CompletionStage}s, so a library user needs no server stack. An adapter
 * implements {@link dev.triage.adapter.NetworkAdapter} and, where it can, optional interfaces such
 * as {@link dev.triage.adapter.CapabilitySource}.
 */
package dev.triage.adapter;
