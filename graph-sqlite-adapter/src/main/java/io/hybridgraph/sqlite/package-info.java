/**
 * Adapter: the local store on one SQLite file, fronted by SqliteGraphStore, which hands out one
 * package-private implementation per outgoing port; keeps memory_graph in the Python memory
 * service's shape, the replicated state, the durable outbox and the capture of foreign writes.
 */
package io.hybridgraph.sqlite;
