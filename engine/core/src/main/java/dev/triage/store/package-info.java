/**
 * The capability store: which capabilities each chat is mediated against. A chat is on a network (a
 * shared profile) plus an optional delta, or has a document of its own.
 */
package dev.triage.store;
