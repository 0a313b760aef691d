package io.hybridgraph.domain.port.out;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.replica.InMemoryPairLedger;
import java.util.List;
import java.util.Optional;

/** The in-memory ledger the domain's tests use keeps the same contract as the SQLite one. */
class InMemoryPairLedgerContractTest extends PairLedgerContract {

  private InMemoryPairLedger ledger;

  @Override
  protected PairLedger newLedger() {
    ledger = new InMemoryPairLedger();
    return ledger;
  }

  @Override
  protected List<RowKey> queued() {
    return ledger.queued();
  }

  @Override
  protected Optional<Association> shown(RowKey key) {
    return ledger.shown(key);
  }

  @Override
  protected Optional<String> state(String name) {
    return ledger.state(name);
  }
}
