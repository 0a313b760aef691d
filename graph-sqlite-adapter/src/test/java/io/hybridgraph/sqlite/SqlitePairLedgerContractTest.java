package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.PairLedger;
import io.hybridgraph.domain.port.out.PairLedgerContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The pair-writing transaction on a real SQLite file keeps the ledger's contract. */
class SqlitePairLedgerContractTest extends PairLedgerContract {

  @TempDir Path dir;
  private SqliteGraphStore store;

  @Override
  protected PairLedger newLedger() {
    store = SqliteGraphStore.open(SqliteStoreConfig.of(dir.resolve("graph.db")));
    return store.ledger();
  }

  @Override
  protected List<RowKey> queued() {
    return store.outbox().peekDue(1_000, Long.MAX_VALUE).stream()
        .map(ChangeOutbox.Entry::key)
        .toList();
  }

  @Override
  protected Optional<Association> shown(RowKey key) {
    return store.associations().get(key);
  }

  @Override
  protected Optional<String> state(String name) {
    return store.syncState().get(name);
  }

  @AfterEach
  void close() {
    store.close();
  }
}
