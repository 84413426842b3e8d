/**
 * Triage's core library: capabilities in both spellings, actions, the rules that decide, verdicts
 * and their JSON, the capability store, delivery with its idempotency and ledger, the adapter SPI,
 * and the Matrix dialect. Pure and synchronous where it decides; no server dependencies. The
 * formatting internals ({@code dev.triage.format}) are not exported: their behaviour is reached
 * through the rules.
 */
module dev.triage.core {
  requires transitive com.fasterxml.jackson.databind;
  requires com.github.benmanes.caffeine;
  requires org.jsoup;
  requires org.commonmark;
  requires org.commonmark.ext.gfm.strikethrough;
  requires org.commonmark.ext.gfm.tables;
  requires java.logging;

  exports dev.triage.action;
  exports dev.triage.adapter;
  exports dev.triage.capability;
  exports dev.triage.delivery;
  exports dev.triage.json;
  exports dev.triage.matrix;
  exports dev.triage.rule;
  exports dev.triage.store;
  exports dev.triage.verdict;
}
