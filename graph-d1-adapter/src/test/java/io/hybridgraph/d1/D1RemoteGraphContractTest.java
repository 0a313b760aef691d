package io.hybridgraph.d1;

import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Extension;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.port.out.RemoteGraphContract;
import io.hybridgraph.domain.replica.ReplicatedRow;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;

/** The remote graph contract against the D1 adapter on a real local D1. */
@ExtendWith(LocalD1Extension.class)
class D1RemoteGraphContractTest extends RemoteGraphContract {

  private final LocalD1Database db;
  private D1RemoteGraph graph;

  D1RemoteGraphContractTest(LocalD1Database db) {
    this.db = db;
  }

  @Override
  protected RemoteGraph newRemote() {
    db.reset();
    D1Remote remote = D1Remote.create(db.config().build());
    remote.migrateSchema();
    graph = remote.d1Graph();
    return graph;
  }

  @Override
  protected List<ReplicatedRow> scan(Optional<RowKey> after, int limit) {
    return graph.scan(after, limit);
  }
}
