package io.hybridgraph.domain.graph;

import io.hybridgraph.domain.model.MemoryHash;

/** A memory reached by a traversal, at its shortest distance in hops. */
public record ConnectedMemory(MemoryHash memory, int distance) {}
