package io.hybridgraph.domain.port.in;

import io.hybridgraph.domain.graph.Subgraph;

/** Extracts the neighbourhood of a memory for visualisation. */
public interface GetSubgraphUseCase {

  /** Memories within the query's radius (at most its node count) and the edges among them. */
  Subgraph subgraph(SubgraphQuery query);
}
