package io.hybridgraph.domain.replica;

import static io.hybridgraph.domain.model.RelationshipType.CAUSES;
import static io.hybridgraph.domain.model.RelationshipType.RELATED;
import static io.hybridgraph.domain.model.RelationshipType.SUPPORTS;
import static io.hybridgraph.domain.model.TestAssociations.association;
import static io.hybridgraph.domain.model.TestAssociations.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.Version;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PairStateTest {

  private static final PairKey AB = PairKey.of(hash("a"), hash("b"));
  private static final DeviceId DEVICE = new DeviceId("dev-a");

  private static Hlc at(long wall) {
    return new Hlc(wall, 0, DEVICE);
  }

  @Test
  void empty_showsNothing_andHasCausalLengthZero() {
    PairState state = PairState.empty(AB);

    assertThat(state.visibleRows()).isEmpty();
    assertThat(state.causalLength()).isZero();
    assertThat(state.rows()).isEmpty();
  }

  @Test
  void storeSymmetric_writesBothMirrorRowsWithOneVersion() {
    Association related = association("b", "a", RELATED);

    List<ReplicatedRow> writes = PairState.empty(AB).store(related, at(1));

    assertThat(writes)
        .containsExactly(
            ReplicatedRow.present(related, new Version(1, at(1))),
            ReplicatedRow.present(related.mirrored(), new Version(1, at(1))));
  }

  @Test
  void storeDirected_overSymmetric_writesTheRowAndClearsTheMirror() {
    PairState symmetric =
        PairState.of(AB, PairState.empty(AB).store(association("a", "b", RELATED), at(1)));
    Association causes = association("a", "b", CAUSES);

    List<ReplicatedRow> writes = symmetric.store(causes, at(2));

    assertThat(writes)
        .containsExactly(
            ReplicatedRow.present(causes, new Version(1, at(2))),
            ReplicatedRow.tombstone(RowKey.of("b", "a"), new Version(1, at(2))));
  }

  @Test
  void storeDirected_besideOppositeDirected_leavesTheOppositeRowAlone() {
    PairState supports =
        PairState.of(AB, PairState.empty(AB).store(association("b", "a", SUPPORTS), at(1)));
    Association causes = association("a", "b", CAUSES);

    List<ReplicatedRow> writes = supports.store(causes, at(2));

    assertThat(writes).containsExactly(ReplicatedRow.present(causes, new Version(1, at(2))));
    assertThat(PairState.of(AB, concat(supports.rows(), writes)).visibleRows())
        .containsExactly(causes, association("b", "a", SUPPORTS));
  }

  @Test
  void delete_writesTombstonesWithTheNextEvenCausalLength_andStoreAfterwardsStartsTheNextLife() {
    PairState live =
        PairState.of(AB, PairState.empty(AB).store(association("a", "b", CAUSES), at(1)));

    List<ReplicatedRow> tombstones = live.delete(at(2));
    PairState deleted = PairState.of(AB, concat(live.rows(), tombstones));
    List<ReplicatedRow> again = deleted.store(association("a", "b", CAUSES, "again"), at(3));

    assertThat(tombstones)
        .containsExactly(
            ReplicatedRow.tombstone(AB.forward(), new Version(2, at(2))),
            ReplicatedRow.tombstone(AB.backward(), new Version(2, at(2))));
    assertThat(deleted.visibleRows()).isEmpty();
    assertThat(deleted.delete(at(9))).as("nothing left to delete").isEmpty();
    assertThat(again).extracting(row -> row.version().causalLength()).containsExactly(3L);
  }

  @Test
  void symmetricHalf_whoseMirrorWasOverwritten_isNotVisible() {
    Association related = association("a", "b", RELATED);
    PairState halfOverwritten =
        PairState.of(
            AB,
            List.of(
                ReplicatedRow.present(related, new Version(1, at(1))),
                ReplicatedRow.present(association("b", "a", CAUSES), new Version(1, at(2)))));

    assertThat(halfOverwritten.visibleRows()).containsExactly(association("b", "a", CAUSES));
    assertThat(halfOverwritten.visible(RowKey.of("a", "b"))).isEmpty();
  }

  @Test
  void symmetricHalvesWithEqualVersionsButDifferentContent_showNothing() {
    Version same = new Version(1, at(1));
    PairState state =
        PairState.of(
            AB,
            List.of(
                ReplicatedRow.present(association("a", "b", RELATED, "one"), same),
                ReplicatedRow.present(association("b", "a", RELATED, "other"), same)));

    assertThat(state.visibleRows()).isEmpty();
  }

  @Test
  void rowOfAnotherPair_isRejected() {
    ReplicatedRow other = ReplicatedRow.tombstone(RowKey.of("a", "c"), new Version(1, at(1)));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> PairState.empty(AB).merge(other))
        .withMessage("row a->c is not part of pair {a, b}");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PairState(AB, Optional.of(other), Optional.empty()))
        .withMessage("expected row a->b but got a->c");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PairState.empty(AB).store(association("a", "c", CAUSES), at(1)))
        .withMessage("association a->c does not belong to pair {a, b}");
  }

  private static List<ReplicatedRow> concat(List<ReplicatedRow> a, List<ReplicatedRow> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
