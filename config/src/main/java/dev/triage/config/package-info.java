/**
 * Configuration and the shipped network profiles. {@link dev.triage.config.ConfigLoader} reads the
 * YAML (every problem reported at once with its path; each adapter's section checked by its own
 * factory, found through {@link dev.triage.config.AdapterFactories}) into a {@link
 * dev.triage.config.TriageConfig}, whose {@code matrix} part ({@link
 * dev.triage.config.MatrixConfig}) configures the appservice proxy. {@link
 * dev.triage.config.ShippedProfiles} holds the capability documents of real bridges, transcribed
 * from their source, and Triage's own {@code irc} profile (provenance in the profiles folder's
 * README.md).
 */
package dev.triage.config;
