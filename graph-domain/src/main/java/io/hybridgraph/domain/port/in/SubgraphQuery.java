package io.hybridgraph.domain.port.in;

import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.MemoryHash;
import java.util.Objects;

/**
 * The neighbourhood of a memory: the memories within {@code radius} hops (1 to {@link
 * QueryLimits#MAX_HOPS}), at most {@code maxNodes} of them (1 to {@link
 * QueryLimits#MAX_SUBGRAPH_NODES}), along the edges the filter follows. A bound crossed fails with
 * a {@link QueryParameterException} naming {@code radius} or {@code max_nodes}.
 */
public record SubgraphQuery(MemoryHash center, int radius, int maxNodes, TraversalFilter filter) {

  public SubgraphQuery {
    Objects.requireNonNull(center, "center must not be null");
    QueryLimits.requireWithin("radius", radius, 1, QueryLimits.MAX_HOPS);
    QueryLimits.requireWithin("max_nodes", maxNodes, 1, QueryLimits.MAX_SUBGRAPH_NODES);
    Objects.requireNonNull(filter, "filter must not be null");
  }
}
