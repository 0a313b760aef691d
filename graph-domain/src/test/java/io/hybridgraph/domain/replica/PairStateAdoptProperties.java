package io.hybridgraph.domain.replica;

import static io.hybridgraph.domain.model.RelationshipType.CAUSES;
import static io.hybridgraph.domain.model.RelationshipType.FIXES;
import static io.hybridgraph.domain.model.RelationshipType.RELATED;
import static io.hybridgraph.domain.model.TestAssociations.association;
import static io.hybridgraph.domain.model.TestAssociations.hash;
import static io.hybridgraph.domain.testing.Theories.tries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Adoption of rows found in a plain {@code memory_graph} table (written by the Python memory
 * service, or by any program that knows nothing of replication): whatever the pair held before and
 * whatever the table holds, after the writes {@link PairState#adopt} returns the pair shows the
 * table brought to the pair invariant, and adopting the same table again writes nothing.
 */
class PairStateAdoptProperties {

  private static final PairKey AB = PairKey.of(hash("a"), hash("b"));
  private static final Hlc LATER = new Hlc(5_000, 0, new DeviceId("adopter"));

  /** A pair's history and the two table rows that are to be adopted. */
  record Case(PairState before, Optional<Association> forward, Optional<Association> backward) {}

  @Test
  void adopt_showsTheNormalisedTable_keepsTheInvariant_andIsIdempotent() {
    tries(2000).forAll(cases()).checkAssert(PairStateAdoptProperties::adoptShowsTheNormalisedTable);
  }

  private static void adoptShowsTheNormalisedTable(Case c) {
    List<ReplicatedRow> writes = c.before().adopt(c.forward(), c.backward(), LATER);
    PairState after = apply(c.before(), writes);

    List<Association> wanted = PairState.normalize(c.forward(), c.backward());
    assertThat(after.visibleRows()).isEqualTo(wanted);
    PairInvariant.assertHolds(after.pair(), after.visibleRows());
    assertThat(after.adopt(c.forward(), c.backward(), new Hlc(6_000, 0, LATER.device())))
        .as("adopting the same table again")
        .isEmpty();
    assertThat(writes).allSatisfy(w -> assertThat(w.key().pair()).isEqualTo(after.pair()));
  }

  /** A pair's history, with each table row present seven times in ten. */
  private static Gen<Case> cases() {
    return RowGenerators.pairs()
        .flatMap(
            pair ->
                RowGenerators.rowsSharingVersions(pair, 3)
                    .map(rows -> PairState.of(pair, rows))
                    .zip(
                        RowGenerators.associations(pair.forward()).toOptionals(30),
                        RowGenerators.associations(pair.backward()).toOptionals(30),
                        Case::new));
  }

  @Test
  void symmetricHalvesThatDiffer_resolveToTheLaterCreatedOne() {
    Association older = related("a", "b", 0.2, 10.0);
    Association newer = related("b", "a", 0.9, 20.0);

    PairState after =
        apply(
            PairState.empty(AB),
            PairState.empty(AB).adopt(Optional.of(older), Optional.of(newer), LATER));

    assertThat(after.visibleRows()).containsExactly(newer.mirrored(), newer);
  }

  @Test
  void aSymmetricRowWithoutItsMirror_standsForTheWholeRelationship() {
    Association onlyBackward = related("b", "a", 0.4, 10.0);

    PairState after =
        apply(
            PairState.empty(AB),
            PairState.empty(AB).adopt(Optional.empty(), Optional.of(onlyBackward), LATER));

    assertThat(after.visibleRows()).containsExactly(onlyBackward.mirrored(), onlyBackward);
  }

  @Test
  void aSymmetricRowBesideADirectedOne_isAStaleMirror_andGivesWay() {
    Association causes = association("a", "b", CAUSES);
    Association staleMirror = association("b", "a", RELATED);

    PairState after =
        apply(
            PairState.empty(AB),
            PairState.empty(AB).adopt(Optional.of(causes), Optional.of(staleMirror), LATER));

    assertThat(after.visibleRows()).containsExactly(causes);
  }

  @Test
  void twoDirectedRows_areBothKept() {
    Association causes = association("a", "b", CAUSES);
    Association fixes = association("b", "a", FIXES);

    PairState after =
        apply(
            PairState.empty(AB),
            PairState.empty(AB).adopt(Optional.of(causes), Optional.of(fixes), LATER));

    assertThat(after.visibleRows()).containsExactly(causes, fixes);
  }

  @Test
  void rowsGoneFromTheTable_deleteThePair() {
    PairState shown =
        apply(
            PairState.empty(AB), PairState.empty(AB).store(association("a", "b", RELATED), at(1)));

    List<ReplicatedRow> writes = shown.adopt(Optional.empty(), Optional.empty(), LATER);

    PairState after = apply(shown, writes);
    assertThat(after.visibleRows()).isEmpty();
    assertThat(after.causalLength() % 2).as("an even causal length: deleted").isZero();
    assertThat(writes).allMatch(ReplicatedRow::isTombstone);
  }

  @Test
  void aSymmetricPairReplacedByOneDirectedRow_retractsTheOtherDirection() {
    PairState shown =
        apply(
            PairState.empty(AB), PairState.empty(AB).store(association("a", "b", RELATED), at(1)));
    Association fixes = association("b", "a", FIXES);

    PairState after = apply(shown, shown.adopt(Optional.empty(), Optional.of(fixes), LATER));

    assertThat(after.visibleRows()).containsExactly(fixes);
  }

  @Test
  void aTableRowOfAnotherPair_isRefused() {
    Association elsewhere = association("a", "c", CAUSES);

    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> PairState.empty(AB).adopt(Optional.of(elsewhere), Optional.empty(), LATER))
        .withMessageContaining("expected row");
  }

  private static PairState apply(PairState state, List<ReplicatedRow> writes) {
    PairState merged = state;
    for (ReplicatedRow write : writes) {
      merged = merged.merge(write);
    }
    return merged;
  }

  private static Hlc at(long wall) {
    return new Hlc(wall, 0, new DeviceId("dev-a"));
  }

  private static Association related(
      String source, String target, double similarity, double createdAt) {
    return new Association(
        hash(source),
        hash(target),
        RelationshipType.RELATED,
        Similarity.of(similarity),
        ConnectionTypes.of("semantic"),
        Metadata.empty(),
        createdAt);
  }
}
