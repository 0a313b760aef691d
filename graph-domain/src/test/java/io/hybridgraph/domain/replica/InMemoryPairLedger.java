package io.hybridgraph.domain.replica;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.PairLedger;
import io.hybridgraph.domain.version.Hlc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A {@link PairLedger} in memory, for tests of the domain: pair states, the view they show, the
 * queue of rows to push (one entry per row, as the outbox collapses them) and sync state values. A
 * transaction works on copies that replace the committed ones only when its work returns.
 *
 * <p>Not thread-safe.
 */
public final class InMemoryPairLedger implements PairLedger {

  private Committed committed = new Committed();
  private int transactions;

  private static final class Committed {
    final TreeMap<PairKey, PairState> pairs = new TreeMap<>();
    final TreeMap<RowKey, Association> view = new TreeMap<>();
    final LinkedHashSet<RowKey> queued = new LinkedHashSet<>();
    final Map<String, String> state = new HashMap<>();

    Committed copy() {
      Committed copy = new Committed();
      copy.pairs.putAll(pairs);
      copy.view.putAll(view);
      copy.queued.addAll(queued);
      copy.state.putAll(state);
      return copy;
    }
  }

  @Override
  public Optional<Hlc> latestClock() {
    return committed.pairs.values().stream()
        .flatMap(state -> state.rows().stream())
        .map(row -> row.version().clock())
        .max(Hlc::compareTo);
  }

  @Override
  public <T> T inTransaction(Function<Transaction, T> work) {
    transactions++;
    Committed working = committed.copy();
    T value = work.apply(new InMemoryTransaction(working));
    committed = working;
    return value;
  }

  /** How many transactions were started, committed or not. */
  public int transactions() {
    return transactions;
  }

  /** The rows waiting to be pushed, in the order they were first queued. */
  public List<RowKey> queued() {
    return new ArrayList<>(committed.queued);
  }

  /** The association the view shows at {@code key}. */
  public Optional<Association> shown(RowKey key) {
    return Optional.ofNullable(committed.view.get(key));
  }

  /** Every association the view shows, in key order. */
  public List<Association> view() {
    return new ArrayList<>(committed.view.values());
  }

  public Optional<String> state(String name) {
    return Optional.ofNullable(committed.state.get(name));
  }

  /** The committed state of a pair. */
  public PairState pair(PairKey pair) {
    return committed.pairs.getOrDefault(pair, PairState.empty(pair));
  }

  private record InMemoryTransaction(Committed working) implements Transaction {

    @Override
    public PairState load(PairKey pair) {
      return working.pairs.getOrDefault(pair, PairState.empty(pair));
    }

    @Override
    public Set<PairKey> pairsOf(MemoryHash memory) {
      Set<PairKey> found = new LinkedHashSet<>();
      for (PairKey pair : working.pairs.keySet()) {
        if (pair.low().equals(memory) || pair.high().equals(memory)) {
          found.add(pair);
        }
      }
      return found;
    }

    @Override
    public void persistLocal(PairChange change) {
      persistMerged(change);
      change.rows().forEach(row -> working.queued.add(row.key()));
    }

    @Override
    public void persistMerged(PairChange change) {
      PairState stored = load(change.pair());
      for (ReplicatedRow row : change.rows()) {
        // Rows are persisted as they are, replacing the stored ones, as a table's upsert does.
        boolean forward = row.key().equals(change.pair().forward());
        stored =
            new PairState(
                change.pair(),
                forward ? Optional.of(row) : stored.forward(),
                forward ? stored.backward() : Optional.of(row));
      }
      working.pairs.put(change.pair(), stored);
      for (RowKey key : List.of(change.pair().forward(), change.pair().backward())) {
        Optional<Association> visible = stored.visible(key);
        if (visible.isPresent()) {
          working.view.put(key, visible.get());
        } else {
          working.view.remove(key);
        }
      }
    }

    @Override
    public void putState(String name, String value) {
      working.state.put(name, value);
    }
  }
}
