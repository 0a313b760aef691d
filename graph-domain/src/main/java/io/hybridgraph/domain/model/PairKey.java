package io.hybridgraph.domain.model;

import java.util.Objects;

/**
 * An unordered pair of different memories, held in canonical order ({@code low < high}). All that
 * stands between two memories belongs to one pair.
 */
public record PairKey(MemoryHash low, MemoryHash high) implements Comparable<PairKey> {

  public PairKey {
    Objects.requireNonNull(low, "low must not be null");
    Objects.requireNonNull(high, "high must not be null");
    if (low.compareTo(high) >= 0) {
      throw new IllegalArgumentException(
          "a pair key needs low < high, was " + low + " and " + high);
    }
  }

  public static PairKey of(MemoryHash a, MemoryHash b) {
    if (a.equals(b)) {
      throw new IllegalArgumentException("a pair needs two different memories; both are " + a);
    }
    return a.compareTo(b) < 0 ? new PairKey(a, b) : new PairKey(b, a);
  }

  /** The row from low to high. */
  public RowKey forward() {
    return new RowKey(low, high);
  }

  /** The row from high to low. */
  public RowKey backward() {
    return new RowKey(high, low);
  }

  public boolean contains(MemoryHash memory) {
    return low.equals(memory) || high.equals(memory);
  }

  @Override
  public int compareTo(PairKey other) {
    int byLow = low.compareTo(other.low);
    return byLow != 0 ? byLow : high.compareTo(other.high);
  }

  @Override
  public String toString() {
    return "{" + low + ", " + high + "}";
  }
}
