package io.hybridgraph.domain.port.in;

import io.hybridgraph.domain.graph.GraphPath;
import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.MemoryHash;
import java.util.Optional;

/** Finds how two memories are connected. */
public interface FindShortestPathUseCase {

  /** A shortest path in hops, at most {@code maxHops} long, along edges the filter follows. */
  Optional<GraphPath> shortestPath(
      MemoryHash from, MemoryHash to, int maxHops, TraversalFilter filter);
}
