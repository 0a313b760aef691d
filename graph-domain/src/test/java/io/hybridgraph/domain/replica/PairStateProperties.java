package io.hybridgraph.domain.replica;

import static io.hybridgraph.domain.testing.Theories.tries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.longs;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.testing.Coverage;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The state of a pair is a function of the SET of its rows, and whatever rows it holds, legal or
 * not, it never shows anything that breaks the pair invariant.
 */
class PairStateProperties {

  /** A clock later than every clock {@link RowGenerators} draws. */
  private static final Hlc LATER = new Hlc(5_000, 0, new DeviceId("dev-z"));

  record PairRows(PairKey pair, List<ReplicatedRow> rows) {}

  @Test
  void of_isIndependentOfOrderAndDuplication() {
    tries(1000)
        .forAll(pairRows(), longs().all())
        .checkAssert(PairStateProperties::isIndependentOfOrderAndDuplication);
  }

  private static void isIndependentOfOrderAndDuplication(PairRows input, long shuffleSeed) {
    Random random = new Random(shuffleSeed);
    List<ReplicatedRow> scrambled = new ArrayList<>(input.rows());
    for (ReplicatedRow row : input.rows()) {
      if (random.nextBoolean()) {
        scrambled.add(row);
      }
    }
    Collections.shuffle(scrambled, random);

    PairState original = PairState.of(input.pair(), input.rows());
    PairState reordered = PairState.of(input.pair(), scrambled);

    assertThat(reordered).isEqualTo(original);
    assertThat(reordered.visibleRows()).isEqualTo(original.visibleRows());
  }

  @Test
  void visibleRows_keepThePairInvariant_forArbitraryRows() {
    Coverage shows = new Coverage("what the pair shows");

    tries(2000)
        .forAll(pairRows())
        .checkAssert(
            input -> {
              PairState state = PairState.of(input.pair(), input.rows());
              shows.record(shape(state.visibleRows()));
              keepsThePairInvariant(input, state);
            });

    // Over many seeds about 4 % of the cases show a symmetric pair, 18 % one directed row and 7 %
    // two: the floors sit far enough below to hold for any seed.
    shows.requireAtLeast(2.0, "symmetric");
    shows.requireAtLeast(5.0, "one directed");
    shows.requireAtLeast(1.0, "two directed");
  }

  private static void keepsThePairInvariant(PairRows input, PairState state) {
    List<Association> visible = state.visibleRows();

    PairInvariant.assertHolds(input.pair(), visible);
    assertThat(state.hasVisible()).isEqualTo(!visible.isEmpty());
    if (state.causalLength() % 2 == 0) {
      assertThat(visible).as("a pair with even causal length is deleted").isEmpty();
    }
    for (Association association : visible) {
      assertThat(state.visible(association.key())).contains(association);
      assertThat(state.row(association.key()).flatMap(ReplicatedRow::value))
          .as("a visible association is the content of its own row")
          .contains(association);
    }
  }

  @Test
  void store_overAnyState_showsTheStoredAssociation() {
    tries(1000)
        .forAll(pairRowsAndAssociation())
        .checkAssert(PairStateProperties::storeShowsTheStoredAssociation);
  }

  private static void storeShowsTheStoredAssociation(StoreCase input) {
    PairState before = PairState.of(input.pair(), input.rows());
    Association stored = input.association();

    List<ReplicatedRow> writes = before.store(stored, LATER);
    PairState after = PairState.of(input.pair(), concat(input.rows(), writes));

    assertThat(writes).allSatisfy(row -> assertThat(row.version().clock()).isEqualTo(LATER));
    assertThat(after.causalLength() % 2).as("storing makes the pair live").isEqualTo(1L);
    assertThat(after.causalLength()).isGreaterThanOrEqualTo(before.causalLength());
    PairInvariant.assertHolds(input.pair(), after.visibleRows());
    if (stored.isSymmetric()) {
      assertThat(after.visibleRows()).containsExactlyInAnyOrder(stored, stored.mirrored());
    } else {
      assertThat(after.visible(stored.key())).contains(stored);
      // The other direction keeps a directed association of this generation, and nothing else.
      Optional<Association> other = after.visible(stored.key().mirror());
      Optional<Association> otherBefore = before.visible(stored.key().mirror());
      if (otherBefore.isPresent()
          && !otherBefore.get().isSymmetric()
          && before.causalLength() % 2 == 1) {
        assertThat(other).isEqualTo(otherBefore);
      } else {
        assertThat(other).isEmpty();
      }
    }
  }

  @Test
  void delete_overAnyState_showsNothingAndEndsTheGeneration() {
    tries(1000)
        .forAll(pairRows())
        .checkAssert(PairStateProperties::deleteShowsNothingAndEndsTheGeneration);
  }

  private static void deleteShowsNothingAndEndsTheGeneration(PairRows input) {
    PairState before = PairState.of(input.pair(), input.rows());

    List<ReplicatedRow> writes = before.delete(LATER);
    PairState after = PairState.of(input.pair(), concat(input.rows(), writes));

    assertThat(after.visibleRows()).isEmpty();
    if (before.hasVisible()) {
      assertThat(writes)
          .extracting(ReplicatedRow::key)
          .containsExactly(input.pair().forward(), input.pair().backward());
      assertThat(writes).allMatch(ReplicatedRow::isTombstone);
      assertThat(after.causalLength()).isEqualTo(before.causalLength() + 1);
    } else {
      assertThat(writes).isEmpty();
    }
  }

  @Test
  void retract_removesOneDirectedRowOrTheWholeSymmetricRelationship() {
    tries(1000)
        .forAll(pairRows(), booleans().all())
        .checkAssert(PairStateProperties::retractRemovesOneDirectedRowOrTheWholeRelationship);
  }

  private static void retractRemovesOneDirectedRowOrTheWholeRelationship(
      PairRows input, boolean forward) {
    PairState before = PairState.of(input.pair(), input.rows());
    RowKey key = forward ? input.pair().forward() : input.pair().backward();
    Optional<Association> retracted = before.visible(key);

    List<ReplicatedRow> writes = before.retract(key, LATER);
    PairState after = PairState.of(input.pair(), concat(input.rows(), writes));

    assertThat(after.visible(key)).isEmpty();
    assertThat(after.causalLength()).isEqualTo(before.causalLength());
    if (retracted.isEmpty()) {
      assertThat(writes).isEmpty();
    } else if (retracted.get().isSymmetric()) {
      assertThat(after.visibleRows()).isEmpty();
    } else {
      assertThat(after.visible(key.mirror())).isEqualTo(before.visible(key.mirror()));
    }
  }

  record StoreCase(PairKey pair, List<ReplicatedRow> rows, Association association) {}

  private static Gen<PairRows> pairRows() {
    return RowGenerators.pairs()
        .flatMap(
            pair ->
                RowGenerators.rowsSharingVersions(pair, 6).map(rows -> new PairRows(pair, rows)));
  }

  private static Gen<StoreCase> pairRowsAndAssociation() {
    return RowGenerators.pairs()
        .flatMap(
            pair ->
                RowGenerators.rowsSharingVersions(pair, 6)
                    .zip(
                        arbitrary()
                            .pick(pair.forward(), pair.backward())
                            .flatMap(RowGenerators::associations),
                        (rows, association) -> new StoreCase(pair, rows, association)));
  }

  private static String shape(List<Association> visible) {
    if (visible.isEmpty()) {
      return "nothing";
    }
    if (visible.get(0).isSymmetric()) {
      return "symmetric";
    }
    return visible.size() == 1 ? "one directed" : "two directed";
  }

  private static List<ReplicatedRow> concat(List<ReplicatedRow> a, List<ReplicatedRow> b) {
    List<ReplicatedRow> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
