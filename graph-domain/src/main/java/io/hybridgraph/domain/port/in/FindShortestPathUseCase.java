package io.hybridgraph.domain.port.in;

import io.hybridgraph.domain.graph.GraphPath;
import java.util.Optional;

/** Finds how two memories are connected. */
public interface FindShortestPathUseCase {

  /** A shortest path in hops, within the query's hops, along edges its filter follows. */
  Optional<GraphPath> shortestPath(PathQuery query);
}
