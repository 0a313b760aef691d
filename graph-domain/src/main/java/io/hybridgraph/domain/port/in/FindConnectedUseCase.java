package io.hybridgraph.domain.port.in;

import io.hybridgraph.domain.graph.ConnectedMemory;
import java.util.List;

/** Finds the memories connected to one memory. */
public interface FindConnectedUseCase {

  /** Each memory within the query's hops, once, at its shortest distance. */
  List<ConnectedMemory> findConnected(ConnectedQuery query);
}
