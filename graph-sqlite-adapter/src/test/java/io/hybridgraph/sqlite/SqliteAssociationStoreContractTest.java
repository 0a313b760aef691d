package io.hybridgraph.sqlite;

import io.hybridgraph.domain.port.out.AssociationStore;
import io.hybridgraph.domain.port.out.AssociationStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The association store on a real SQLite file keeps the port's contract. */
class SqliteAssociationStoreContractTest extends AssociationStoreContract {

  @TempDir Path dir;
  private SqliteGraphStore store;

  @Override
  protected AssociationStore newStore() {
    store = SqliteGraphStore.open(SqliteStoreConfig.of(dir.resolve("graph.db")));
    return store.associations();
  }

  @AfterEach
  void close() {
    store.close();
  }
}
