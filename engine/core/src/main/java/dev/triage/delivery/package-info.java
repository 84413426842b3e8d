/**
 * Delivery: mediate, then send what was decided through a network adapter, in order, once per
 * action id, remembering in a ledger when messages were sent and how often they were edited.
 */
package dev.triage.delivery;
