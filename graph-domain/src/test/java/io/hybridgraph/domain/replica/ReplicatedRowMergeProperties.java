package io.hybridgraph.domain.replica;

import static io.hybridgraph.domain.testing.Theories.tries;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.testing.Coverage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The merge of two versions of one row is a join: replicas agree whatever the delivery order. */
class ReplicatedRowMergeProperties {

  @Test
  void merge_isCommutative() {
    Coverage ties = new Coverage("versions tie with different content");

    tries(1000)
        .forAll(threeRowsOfOneKey())
        .checkAssert(
            rows -> {
              ReplicatedRow a = rows.get(0);
              ReplicatedRow b = rows.get(1);
              ties.record(a.version().equals(b.version()) && !a.equals(b));

              assertThat(ReplicatedRow.merge(a, b)).isEqualTo(ReplicatedRow.merge(b, a));
            });

    ties.requireAtLeast(5.0, true);
  }

  @Test
  void merge_isAssociative() {
    tries(1000)
        .forAll(threeRowsOfOneKey())
        .checkAssert(
            rows -> {
              ReplicatedRow a = rows.get(0);
              ReplicatedRow b = rows.get(1);
              ReplicatedRow c = rows.get(2);

              assertThat(ReplicatedRow.merge(ReplicatedRow.merge(a, b), c))
                  .isEqualTo(ReplicatedRow.merge(a, ReplicatedRow.merge(b, c)));
            });
  }

  @Test
  void merge_isIdempotent() {
    tries(1000)
        .forAll(threeRowsOfOneKey())
        .checkAssert(
            rows -> {
              ReplicatedRow a = rows.get(0);
              ReplicatedRow b = rows.get(1);

              assertThat(ReplicatedRow.merge(a, a)).isEqualTo(a);
              ReplicatedRow ab = ReplicatedRow.merge(a, b);
              assertThat(ReplicatedRow.merge(ab, b)).isEqualTo(ab);
              assertThat(ReplicatedRow.merge(ab, a)).isEqualTo(ab);
            });
  }

  /** Pins the direction of the comparison, which commutativity alone cannot see. */
  @Test
  void merge_keepsTheRowWithTheGreaterVersion() {
    Coverage order = new Coverage("order of the two versions");

    tries(1000)
        .forAll(threeRowsOfOneKey())
        .checkAssert(
            rows -> {
              ReplicatedRow a = rows.get(0);
              ReplicatedRow b = rows.get(1);
              int byVersion = Integer.signum(a.version().compareTo(b.version()));
              order.record(byVersion);

              ReplicatedRow winner = ReplicatedRow.merge(a, b);

              assertThat(winner).isIn(a, b);
              if (byVersion > 0) {
                assertThat(winner).isSameAs(a);
              } else if (byVersion < 0) {
                assertThat(winner).isSameAs(b);
              }
            });

    order.requireAtLeast(5.0, 1);
    order.requireAtLeast(5.0, -1);
  }

  @Test
  void isSupersededBy_agreesWithMergeAndIsAntisymmetric() {
    tries(1000)
        .forAll(threeRowsOfOneKey())
        .checkAssert(
            rows -> {
              ReplicatedRow a = rows.get(0);
              ReplicatedRow b = rows.get(1);

              assertThat(a.isSupersededBy(a)).isFalse();
              if (a.equals(b)) {
                assertThat(a.isSupersededBy(b)).isFalse();
              } else {
                assertThat(a.isSupersededBy(b)).isNotEqualTo(b.isSupersededBy(a));
                assertThat(a.isSupersededBy(b)).isEqualTo(ReplicatedRow.merge(a, b).equals(b));
              }
            });
  }

  private static Gen<List<ReplicatedRow>> threeRowsOfOneKey() {
    return RowGenerators.keys().flatMap(key -> RowGenerators.rowsSharingVersions(key, 3));
  }
}
