package io.hybridgraph.sync.service;

import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphContract;

/** The in-memory remote used by simulations honours the same contract as the D1 adapter. */
class InMemoryRemoteGraphContractTest extends RemoteGraphContract {

  @Override
  protected RemoteGraph newRemote() {
    return new InMemoryRemoteGraph();
  }
}
