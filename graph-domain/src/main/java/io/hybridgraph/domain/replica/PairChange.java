package io.hybridgraph.domain.replica;

import io.hybridgraph.domain.model.PairKey;
import java.util.List;
import java.util.Objects;

/**
 * What one write did to a pair: the pair's state before and after it, and the replicated rows to
 * persist for it. Persisting the rows turns the stored state {@code before} into {@code after}; the
 * view changes where the two show different associations.
 */
public record PairChange(PairState before, PairState after, List<ReplicatedRow> rows) {

  public PairChange {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    rows = List.copyOf(rows);
    if (!before.pair().equals(after.pair())) {
      throw new IllegalArgumentException(
          "a change stays within one pair, was " + before.pair() + " then " + after.pair());
    }
    for (ReplicatedRow row : rows) {
      if (!row.key().pair().equals(before.pair())) {
        throw new IllegalArgumentException(
            "row " + row.key() + " is not part of pair " + before.pair());
      }
    }
  }

  /** The change that merging {@code writes} into {@code before} makes. */
  public static PairChange applying(PairState before, List<ReplicatedRow> writes) {
    PairState after = before;
    for (ReplicatedRow row : writes) {
      after = after.merge(row);
    }
    return new PairChange(before, after, writes);
  }

  public PairKey pair() {
    return after.pair();
  }
}
