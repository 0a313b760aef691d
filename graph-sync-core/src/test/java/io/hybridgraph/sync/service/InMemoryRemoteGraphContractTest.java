package io.hybridgraph.sync.service;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphContract;
import io.hybridgraph.domain.replica.ReplicatedRow;
import java.util.List;
import java.util.Optional;

/** The in-memory remote used by simulations honours the same contract as the D1 adapter. */
class InMemoryRemoteGraphContractTest extends RemoteGraphContract {

  private InMemoryRemoteGraph remote;

  @Override
  protected RemoteGraph newRemote() {
    remote = new InMemoryRemoteGraph();
    return remote;
  }

  @Override
  protected List<ReplicatedRow> scan(Optional<RowKey> after, int limit) {
    return remote.scan(after, limit);
  }
}
