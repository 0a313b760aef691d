package io.hybridgraph.domain.port.in;

import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.MemoryHash;
import java.util.Objects;

/**
 * Which memories to find around one memory: those within {@code maxHops} hops (1 to {@link
 * QueryLimits#MAX_HOPS}) along the edges the filter follows. A {@code maxHops} out of bounds fails
 * with a {@link QueryParameterException} naming {@code max_hops}.
 */
public record ConnectedQuery(MemoryHash memory, int maxHops, TraversalFilter filter) {

  public ConnectedQuery {
    Objects.requireNonNull(memory, "memory must not be null");
    QueryLimits.requireWithin("max_hops", maxHops, 1, QueryLimits.MAX_HOPS);
    Objects.requireNonNull(filter, "filter must not be null");
  }
}
