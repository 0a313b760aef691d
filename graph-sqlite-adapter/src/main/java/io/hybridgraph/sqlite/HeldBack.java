package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.replica.PairState;
import io.hybridgraph.domain.replica.ViewRule;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings rows held back until a memory arrived into the view once it has: part of the catch-up that
 * runs whenever another connection changed the file. It looks only at memories that arrived since
 * the last look (by the {@code memories} table's rowid) and at the holds waiting for them (by the
 * index on {@code awaiting}); the first look after opening, or after the table appeared, checks
 * every awaited memory once. Holds of other reasons lapse when their pair changes. The caller holds
 * the database lock.
 */
final class HeldBack {

  private static final Logger log = LoggerFactory.getLogger(HeldBack.class);

  private final SqliteSession session;
  private final PairWrites pairs;
  private final HoldTable holds;
  private final MemoriesTable memories;
  private final PairView pairView;

  HeldBack(
      SqliteSession session,
      PairWrites pairs,
      HoldTable holds,
      MemoriesTable memories,
      PairView pairView) {
    this.session = session;
    this.pairs = pairs;
    this.holds = holds;
    this.memories = memories;
    this.pairView = pairView;
  }

  /** Checks again the pairs with a row waiting for a memory that has arrived. */
  void comeBack() throws SQLException {
    Optional<List<MemoryHash>> arrivals = memories.arrivals();
    Set<PairKey> candidates = new LinkedHashSet<>();
    if (arrivals.isPresent()) {
      for (MemoryHash memory : arrivals.get()) {
        candidates.addAll(holds.awaiting(memory));
      }
    } else {
      for (MemoryHash memory : holds.awaitedMemories()) {
        if (memories.has(memory)) {
          candidates.addAll(holds.awaiting(memory));
        }
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    Map<RowKey, Optional<Association>> shown =
        session.inTransaction(
            () -> {
              Map<RowKey, Optional<Association>> rows = new HashMap<>();
              for (PairKey pair : candidates) {
                PairState state = pairs.load(pair);
                rows.putAll(
                    pairView.reconcile(PairView.Change.of(ViewRule.Cause.REFRESH, state, state)));
              }
              return rows;
            });
    session.index().apply(shown);
    log.debug("Checked {} pairs again whose memories arrived", candidates.size());
  }
}
