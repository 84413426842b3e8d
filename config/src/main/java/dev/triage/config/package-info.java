/**
 * Configuration and the shipped network profiles. {@link dev.triage.config.ShippedProfiles} holds
 * the capability documents of real bridges, transcribed from their source (provenance in the
 * profiles folder's README.md).
 */
package dev.triage.config;
