package io.hybridgraph.domain.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** The merge of two versions of one row is a join: replicas agree whatever the delivery order. */
class ReplicatedRowMergeProperties {

  @Property(tries = 1000)
  void merge_isCommutative(@ForAll("threeRowsOfOneKey") List<ReplicatedRow> rows) {
    ReplicatedRow a = rows.get(0);
    ReplicatedRow b = rows.get(1);
    Statistics.label("versions tie with different content")
        .collect(a.version().equals(b.version()) && !a.equals(b));

    assertThat(ReplicatedRow.merge(a, b)).isEqualTo(ReplicatedRow.merge(b, a));

    Statistics.label("versions tie with different content")
        .coverage(coverage -> coverage.check(true).percentage(p -> p >= 5.0));
  }

  @Property(tries = 1000)
  void merge_isAssociative(@ForAll("threeRowsOfOneKey") List<ReplicatedRow> rows) {
    ReplicatedRow a = rows.get(0);
    ReplicatedRow b = rows.get(1);
    ReplicatedRow c = rows.get(2);

    assertThat(ReplicatedRow.merge(ReplicatedRow.merge(a, b), c))
        .isEqualTo(ReplicatedRow.merge(a, ReplicatedRow.merge(b, c)));
  }

  @Property(tries = 1000)
  void merge_isIdempotent(@ForAll("threeRowsOfOneKey") List<ReplicatedRow> rows) {
    ReplicatedRow a = rows.get(0);
    ReplicatedRow b = rows.get(1);

    assertThat(ReplicatedRow.merge(a, a)).isEqualTo(a);
    ReplicatedRow ab = ReplicatedRow.merge(a, b);
    assertThat(ReplicatedRow.merge(ab, b)).isEqualTo(ab);
    assertThat(ReplicatedRow.merge(ab, a)).isEqualTo(ab);
  }

  /** Pins the direction of the comparison, which commutativity alone cannot see. */
  @Property(tries = 1000)
  void merge_keepsTheRowWithTheGreaterVersion(
      @ForAll("threeRowsOfOneKey") List<ReplicatedRow> rows) {
    ReplicatedRow a = rows.get(0);
    ReplicatedRow b = rows.get(1);

    ReplicatedRow winner = ReplicatedRow.merge(a, b);

    assertThat(winner).isIn(a, b);
    int byVersion = a.version().compareTo(b.version());
    if (byVersion > 0) {
      assertThat(winner).isSameAs(a);
    } else if (byVersion < 0) {
      assertThat(winner).isSameAs(b);
    }
  }

  @Property(tries = 1000)
  void isSupersededBy_agreesWithMergeAndIsAntisymmetric(
      @ForAll("threeRowsOfOneKey") List<ReplicatedRow> rows) {
    ReplicatedRow a = rows.get(0);
    ReplicatedRow b = rows.get(1);

    assertThat(a.isSupersededBy(a)).isFalse();
    if (a.equals(b)) {
      assertThat(a.isSupersededBy(b)).isFalse();
    } else {
      assertThat(a.isSupersededBy(b)).isNotEqualTo(b.isSupersededBy(a));
      assertThat(a.isSupersededBy(b)).isEqualTo(ReplicatedRow.merge(a, b).equals(b));
    }
  }

  @Provide
  Arbitrary<List<ReplicatedRow>> threeRowsOfOneKey() {
    return RowArbitraries.keys().flatMap(key -> RowArbitraries.rowsSharingVersions(key, 3));
  }
}
