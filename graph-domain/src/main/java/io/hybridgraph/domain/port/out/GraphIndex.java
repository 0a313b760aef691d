package io.hybridgraph.domain.port.out;

import io.hybridgraph.domain.graph.GraphSnapshot;
import java.util.function.Function;

/** Fast adjacency of the local graph for traversals. */
public interface GraphIndex {

  /** Runs {@code reader} against a consistent snapshot of the graph and returns its result. */
  <T> T read(Function<GraphSnapshot, T> reader);
}
