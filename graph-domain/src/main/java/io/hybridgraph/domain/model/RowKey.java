package io.hybridgraph.domain.model;

import java.util.Objects;

/** An ordered pair of different memories: one row of {@code memory_graph}. */
public record RowKey(MemoryHash source, MemoryHash target) implements Comparable<RowKey> {

  public RowKey {
    Objects.requireNonNull(source, "source must not be null");
    Objects.requireNonNull(target, "target must not be null");
    if (source.equals(target)) {
      throw new IllegalArgumentException(
          "a row needs two different memories; source and target are both " + source);
    }
  }

  public static RowKey of(String source, String target) {
    return new RowKey(MemoryHash.of("source_hash", source), MemoryHash.of("target_hash", target));
  }

  public RowKey mirror() {
    return new RowKey(target, source);
  }

  public PairKey pair() {
    return PairKey.of(source, target);
  }

  @Override
  public int compareTo(RowKey other) {
    int bySource = source.compareTo(other.source);
    return bySource != 0 ? bySource : target.compareTo(other.target);
  }

  @Override
  public String toString() {
    return source + "->" + target;
  }
}
