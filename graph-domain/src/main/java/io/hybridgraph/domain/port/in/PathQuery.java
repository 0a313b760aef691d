package io.hybridgraph.domain.port.in;

import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.MemoryHash;
import java.util.Objects;

/**
 * How two memories are connected: a shortest path of at most {@code maxHops} hops (1 to {@link
 * QueryLimits#MAX_HOPS}) along the edges the filter follows. A {@code maxHops} out of bounds fails
 * with a {@link QueryParameterException} naming {@code max_hops}.
 */
public record PathQuery(MemoryHash from, MemoryHash to, int maxHops, TraversalFilter filter) {

  public PathQuery {
    Objects.requireNonNull(from, "from must not be null");
    Objects.requireNonNull(to, "to must not be null");
    QueryLimits.requireWithin("max_hops", maxHops, 1, QueryLimits.MAX_HOPS);
    Objects.requireNonNull(filter, "filter must not be null");
  }
}
