package io.hybridgraph.domain.replica;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.version.HybridClock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A whole replicated graph held in memory: the state of every pair, local writes that produce
 * replicated rows, and merge of rows from elsewhere. Used where a replica lives in memory (tests,
 * simulations, an in-memory remote); the SQLite store keeps the same state in tables.
 *
 * <p>Not thread-safe.
 */
public final class ReplicatedGraph {

  private final TreeMap<PairKey, PairState> pairs = new TreeMap<>();

  /** Stores an association stamped by {@code clock}; returns the rows written. */
  public List<ReplicatedRow> store(Association association, HybridClock clock) {
    PairState state = state(association.pair());
    List<ReplicatedRow> writes = state.store(association, clock.now());
    merge(writes);
    return writes;
  }

  /**
   * Deletes everything between two memories; returns the rows written (none if nothing was there).
   */
  public List<ReplicatedRow> delete(MemoryHash a, MemoryHash b, HybridClock clock) {
    PairState state = state(PairKey.of(a, b));
    if (!state.hasVisible()) {
      return List.of();
    }
    List<ReplicatedRow> writes = state.delete(clock.now());
    merge(writes);
    return writes;
  }

  /**
   * Merges rows from elsewhere; returns those that changed this replica. Merging is commutative,
   * associative and idempotent: any order and any repetition of the same rows yields one state.
   */
  public List<ReplicatedRow> merge(Collection<ReplicatedRow> rows) {
    List<ReplicatedRow> changed = new ArrayList<>();
    for (ReplicatedRow row : rows) {
      PairKey pair = row.key().pair();
      PairState before = state(pair);
      Optional<ReplicatedRow> current = before.row(row.key());
      if (current.isEmpty() || current.get().isSupersededBy(row)) {
        pairs.put(pair, before.merge(row));
        changed.add(row);
      }
    }
    return changed;
  }

  public PairState state(PairKey pair) {
    return pairs.getOrDefault(pair, PairState.empty(pair));
  }

  public Optional<Association> get(RowKey key) {
    return state(key.pair()).visible(key);
  }

  /** Every visible association row, in key order. */
  public List<Association> visibleRows() {
    List<Association> rows = new ArrayList<>();
    for (PairState state : pairs.values()) {
      rows.addAll(state.visibleRows());
    }
    rows.sort((x, y) -> x.key().compareTo(y.key()));
    return rows;
  }

  /** Every replicated row, tombstones included, in key order. */
  public List<ReplicatedRow> rows() {
    List<ReplicatedRow> rows = new ArrayList<>();
    for (PairState state : pairs.values()) {
      rows.addAll(state.rows());
    }
    rows.sort((x, y) -> x.key().compareTo(y.key()));
    return rows;
  }

  public Collection<PairState> pairs() {
    return pairs.values();
  }
}
