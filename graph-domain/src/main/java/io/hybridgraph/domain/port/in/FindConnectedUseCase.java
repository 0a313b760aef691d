package io.hybridgraph.domain.port.in;

import io.hybridgraph.domain.graph.ConnectedMemory;
import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.MemoryHash;
import java.util.List;

/** Finds the memories connected to one memory. */
public interface FindConnectedUseCase {

  /** Each memory within {@code maxHops} hops, once, at its shortest distance. */
  List<ConnectedMemory> findConnected(MemoryHash memory, int maxHops, TraversalFilter filter);
}
