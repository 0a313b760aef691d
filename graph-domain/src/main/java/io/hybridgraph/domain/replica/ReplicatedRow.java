package io.hybridgraph.domain.replica;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.version.Version;
import java.util.Objects;
import java.util.Optional;

/**
 * The unit of replication: one directed row of a pair with its version, holding either an
 * association or nothing (a tombstone).
 *
 * <p>Rows merge by last writer: the greater {@link Version} wins. Every write stamps its rows with
 * a version no other write uses, so two different rows with equal versions cannot arise from
 * correct replicas; should they ever meet, {@link #fingerprint()} breaks the tie so that merge
 * stays commutative, associative and idempotent regardless.
 */
public record ReplicatedRow(RowKey key, Version version, Optional<Association> value) {

  public ReplicatedRow {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(version, "version must not be null");
    Objects.requireNonNull(value, "value must not be null (use Optional.empty() for a tombstone)");
    value.ifPresent(
        association -> {
          if (!association.key().equals(key)) {
            throw new IllegalArgumentException(
                "row " + key + " cannot hold an association of row " + association.key());
          }
          if (!version.isLiveGeneration()) {
            throw new IllegalArgumentException(
                "row "
                    + key
                    + " holds an association but its causal length "
                    + version.causalLength()
                    + " marks the pair as deleted");
          }
        });
  }

  public static ReplicatedRow present(Association association, Version version) {
    return new ReplicatedRow(association.key(), version, Optional.of(association));
  }

  public static ReplicatedRow tombstone(RowKey key, Version version) {
    return new ReplicatedRow(key, version, Optional.empty());
  }

  public boolean isTombstone() {
    return value.isEmpty();
  }

  /** Whether this row holds one half of a symmetric relationship. */
  public boolean holdsSymmetric() {
    return value.map(Association::isSymmetric).orElse(false);
  }

  /**
   * The winner of two versions of the same row.
   *
   * @throws IllegalArgumentException when the rows have different keys
   */
  public static ReplicatedRow merge(ReplicatedRow a, ReplicatedRow b) {
    if (!a.key.equals(b.key)) {
      throw new IllegalArgumentException("cannot merge rows " + a.key + " and " + b.key);
    }
    int byVersion = a.version.compareTo(b.version);
    if (byVersion != 0) {
      return byVersion > 0 ? a : b;
    }
    if (a.equals(b)) {
      return a;
    }
    return a.fingerprint().compareTo(b.fingerprint()) >= 0 ? a : b;
  }

  /** Whether {@code candidate} would replace this row when merged into it. */
  public boolean isSupersededBy(ReplicatedRow candidate) {
    return !equals(candidate) && merge(this, candidate) == candidate;
  }

  /**
   * Canonical text of everything the row holds: key, version and content. Equal rows give equal
   * fingerprints on every device; used to break impossible ties and to compare replicas.
   */
  public String fingerprint() {
    StringBuilder out = new StringBuilder(128);
    out.append(key.source().value())
        .append('\u001f')
        .append(key.target().value())
        .append('\u001f')
        .append(version.causalLength())
        .append('\u001f')
        .append(version.clock().encode())
        .append('\u001f');
    value.ifPresentOrElse(
        a ->
            out.append(a.type().wireName())
                .append('\u001f')
                .append(Double.toString(a.similarity().value()))
                .append('\u001f')
                .append(String.join("\u001e", a.connectionTypes().values()))
                .append('\u001f')
                .append(a.metadata().toJson())
                .append('\u001f')
                .append(Double.toString(a.createdAt())),
        () -> out.append("-"));
    return out.toString();
  }
}
