/**
 * Outgoing ports: what the domain needs from a local store (associations, traversal index,
 * replicated state, outbox, sync state) and from the cloud copy (the remote graph), each
 * implemented by an adapter.
 */
package io.hybridgraph.domain.port.out;
