package io.hybridgraph.domain.port.in;

import io.hybridgraph.domain.graph.Subgraph;
import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.MemoryHash;

/** Extracts the neighbourhood of a memory for visualisation. */
public interface GetSubgraphUseCase {

  /** Memories within {@code radius} hops (at most {@code maxNodes}) and the edges among them. */
  Subgraph subgraph(MemoryHash center, int radius, int maxNodes, TraversalFilter filter);
}
