/**
 * The capability store: which capabilities each chat is mediated against. A chat is on a network (a
 * shared profile) plus an optional delta, or has a document of its own. Deltas, not resolved
 * documents, are kept per chat — equal ones shared, resolved through a bounded cache — and the
 * number of chats the store lists is capped ({@link dev.triage.store.StoreFullException}).
 */
package dev.triage.store;
