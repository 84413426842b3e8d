/**
 * Triage's shared state in PostgreSQL, so that several instances behind one address act as one:
 * remembered ids and results ({@link dev.triage.postgres.PostgresJournal}, also the message ledger)
 * and chat capabilities ({@link dev.triage.postgres.PostgresChats}), over one pool and one schema
 * that Flyway creates and migrates ({@link dev.triage.postgres.PostgresStorage}). Every call here
 * blocks on the database: callers run it on the storage's executor, never on an event loop.
 */
package dev.triage.postgres;
