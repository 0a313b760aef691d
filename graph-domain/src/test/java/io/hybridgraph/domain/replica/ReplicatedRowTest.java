package io.hybridgraph.domain.replica;

import static io.hybridgraph.domain.model.RelationshipType.CAUSES;
import static io.hybridgraph.domain.model.TestAssociations.association;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.Version;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplicatedRowTest {

  private static final Hlc EARLY = new Hlc(1_000, 0, new DeviceId("dev-a"));
  private static final Hlc LATE = new Hlc(9_000, 0, new DeviceId("dev-a"));
  private static final RowKey AB = RowKey.of("a", "b");

  @Test
  void associationOfAnotherRow_isRejected() {
    Association ba = association("b", "a", CAUSES);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ReplicatedRow(AB, new Version(1, EARLY), Optional.of(ba)))
        .withMessage("row a->b cannot hold an association of row b->a");
  }

  @Test
  void associationInADeletedGeneration_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> ReplicatedRow.present(association("a", "b", CAUSES), new Version(2, EARLY)))
        .withMessage(
            "row a->b holds an association but its causal length 2 marks the pair as deleted");
  }

  @Test
  void tombstone_isAllowedInAnyGeneration() {
    assertThat(ReplicatedRow.tombstone(AB, new Version(1, EARLY)).isTombstone()).isTrue();
    assertThat(ReplicatedRow.tombstone(AB, new Version(2, EARLY)).isTombstone()).isTrue();
  }

  @Test
  void merge_ofDifferentRows_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                ReplicatedRow.merge(
                    ReplicatedRow.tombstone(AB, new Version(1, EARLY)),
                    ReplicatedRow.tombstone(AB.mirror(), new Version(1, EARLY))))
        .withMessage("cannot merge rows a->b and b->a");
  }

  @Test
  void merge_greaterCausalLength_beatsLaterClock() {
    ReplicatedRow deleted = ReplicatedRow.tombstone(AB, new Version(2, EARLY));
    ReplicatedRow modified =
        ReplicatedRow.present(association("a", "b", CAUSES), new Version(1, LATE));

    assertThat(ReplicatedRow.merge(deleted, modified)).isSameAs(deleted);
    assertThat(ReplicatedRow.merge(modified, deleted)).isSameAs(deleted);
    assertThat(modified.isSupersededBy(deleted)).isTrue();
    assertThat(deleted.isSupersededBy(modified)).isFalse();
  }

  @Test
  void merge_equalCausalLength_laterClockWins() {
    ReplicatedRow early =
        ReplicatedRow.present(association("a", "b", CAUSES, "e"), new Version(1, EARLY));
    ReplicatedRow late =
        ReplicatedRow.present(association("a", "b", CAUSES, "l"), new Version(1, LATE));

    assertThat(ReplicatedRow.merge(early, late)).isSameAs(late);
    assertThat(ReplicatedRow.merge(late, early)).isSameAs(late);
  }

  @Test
  void fingerprint_coversKeyVersionAndContent() {
    ReplicatedRow row =
        ReplicatedRow.present(association("a", "b", CAUSES, "x"), new Version(1, EARLY));

    assertThat(row.fingerprint())
        .isEqualTo(
            ReplicatedRow.present(association("a", "b", CAUSES, "x"), new Version(1, EARLY))
                .fingerprint());
    assertThat(row.fingerprint())
        .isNotEqualTo(
            ReplicatedRow.present(association("a", "b", CAUSES, "y"), new Version(1, EARLY))
                .fingerprint())
        .isNotEqualTo(ReplicatedRow.tombstone(AB, new Version(1, EARLY)).fingerprint())
        .contains(EARLY.encode());
  }
}
