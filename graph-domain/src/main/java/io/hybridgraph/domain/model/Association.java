package io.hybridgraph.domain.model;

import java.util.Objects;

/**
 * A typed, weighted association between two different memories.
 *
 * <p>For a directed type the association points from {@code source} to {@code target}; for a
 * symmetric type the orientation only records which end it was stored from, and the same
 * relationship is visible from both memories. {@code createdAt} is the creation time in epoch
 * seconds as the Python memory service records it; it is informational and never used to order
 * writes (replication orders writes by hybrid logical clock).
 */
public record Association(
    MemoryHash source,
    MemoryHash target,
    RelationshipType type,
    Similarity similarity,
    ConnectionTypes connectionTypes,
    Metadata metadata,
    double createdAt) {

  public Association {
    Objects.requireNonNull(source, "source must not be null");
    Objects.requireNonNull(target, "target must not be null");
    Objects.requireNonNull(type, "relationship type must not be null");
    Objects.requireNonNull(similarity, "similarity must not be null");
    Objects.requireNonNull(connectionTypes, "connection types must not be null");
    Objects.requireNonNull(metadata, "metadata must not be null");
    if (source.equals(target)) {
      throw new IllegalArgumentException(
          "an association needs two different memories; source and target are both " + source);
    }
    if (!Double.isFinite(createdAt) || createdAt < 0) {
      throw new IllegalArgumentException(
          "created_at must be a finite, non-negative number of epoch seconds, was " + createdAt);
    }
    // -0.0 passes the check but SQLite reads it back as 0.0: keep one zero (see Similarity).
    if (createdAt == 0.0) {
      createdAt = 0.0;
    }
  }

  /** The directed row this association occupies: (source, target). */
  public RowKey key() {
    return new RowKey(source, target);
  }

  /** The unordered pair of memories. */
  public PairKey pair() {
    return PairKey.of(source, target);
  }

  /** The same association seen from the other end: source and target swapped. */
  public Association mirrored() {
    return new Association(target, source, type, similarity, connectionTypes, metadata, createdAt);
  }

  public boolean isSymmetric() {
    return type.isSymmetric();
  }
}
