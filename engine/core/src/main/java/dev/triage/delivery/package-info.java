/**
 * Delivery: mediate, then send what was decided through a network adapter, in order, once per
 * action id ({@link dev.triage.delivery.Delivery}, built with {@code Delivery.builder()}). Each
 * part goes out under its own key ({@link dev.triage.delivery.IdempotencyKeys}: unique per chat, id
 * and part); an id used again for another action is refused ({@link
 * dev.triage.delivery.IdReusedException}). A ledger ({@link dev.triage.delivery.MessageLedger})
 * remembers when messages were sent and how often they were edited; a journal ({@link
 * dev.triage.delivery.DeliveryJournal}) keeps results across restarts.
 */
package dev.triage.delivery;
