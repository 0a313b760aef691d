package io.hybridgraph.domain.replica;

import static io.hybridgraph.domain.model.RelationshipType.CAUSES;
import static io.hybridgraph.domain.model.RelationshipType.CONTRADICTS;
import static io.hybridgraph.domain.model.RelationshipType.FIXES;
import static io.hybridgraph.domain.model.RelationshipType.RELATED;
import static io.hybridgraph.domain.model.TestAssociations.association;
import static io.hybridgraph.domain.model.TestAssociations.hash;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.replica.ForeignChange.Intent;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The classification of deletions another program made in memory_graph. */
class ForeignChangeTest {

  private static final FakeMemories BOTH = FakeMemories.of("a", "b");

  @Test
  void deletion_withBothMemoriesPresent_isUserIntent() {
    assertThat(
            ForeignChange.classifyDeletion(association("a", "b", RELATED), Optional.empty(), BOTH))
        .isEqualTo(Intent.USER);
  }

  @Test
  void deletion_whereAMemoryHasNoRowAtAll_isHousekeeping_awaitingThatMemory() {
    Association row = association("a", "b", CAUSES);

    assertThat(ForeignChange.classifyDeletion(row, Optional.empty(), FakeMemories.of("a")))
        .isEqualTo(Intent.HOUSEKEEPING);
    assertThat(ForeignChange.housekeeping(row, Optional.empty(), FakeMemories.of("a")))
        .contains(Hold.awaiting(hash("b")));
    assertThat(ForeignChange.housekeeping(row, Optional.empty(), FakeMemories.of()))
        .as("the source is named first")
        .contains(Hold.awaiting(hash("a")));
  }

  @Test
  void deletion_ofASoftDeletedMemorysEdge_isUserIntent_sinceTheMemoryKeepsItsRow() {
    // The catalog answers for rows, live or soft-deleted: the memory of the race still has one.
    assertThat(
            ForeignChange.classifyDeletion(association("a", "b", CAUSES), Optional.empty(), BOTH))
        .isEqualTo(Intent.USER);
  }

  @Test
  void deletion_ofTheReverseHalfOfATwoWaySameTypePair_isHousekeeping() {
    Association reverse = association("b", "a", CAUSES);
    Optional<Association> forward = Optional.of(association("a", "b", CAUSES));

    assertThat(ForeignChange.classifyDeletion(reverse, forward, BOTH))
        .isEqualTo(Intent.HOUSEKEEPING);
    assertThat(ForeignChange.housekeeping(reverse, forward, BOTH))
        .contains(Hold.of(HoldReason.REVERSE_HALF));
  }

  @Test
  void deletion_ofTheForwardHalf_orOfAHalfWhoseOppositeHasAnotherType_isUserIntent() {
    assertThat(
            ForeignChange.classifyDeletion(
                association("a", "b", CAUSES), Optional.of(association("b", "a", CAUSES)), BOTH))
        .as("the migration keeps the row whose source sorts first")
        .isEqualTo(Intent.USER);
    assertThat(
            ForeignChange.classifyDeletion(
                association("b", "a", CAUSES), Optional.of(association("a", "b", FIXES)), BOTH))
        .isEqualTo(Intent.USER);
    assertThat(
            ForeignChange.classifyDeletion(
                association("b", "a", CONTRADICTS),
                Optional.of(association("a", "b", CONTRADICTS)),
                BOTH))
        .as("symmetric types are no two-way directed pair")
        .isEqualTo(Intent.USER);
    assertThat(
            ForeignChange.classifyDeletion(association("b", "a", CAUSES), Optional.empty(), BOTH))
        .isEqualTo(Intent.USER);
  }

  @Test
  void onAPlainGraphFile_everyDeletionIsUserIntent() {
    assertThat(
            ForeignChange.classifyDeletion(
                association("b", "a", CAUSES),
                Optional.of(association("a", "b", CAUSES)),
                MemoryCatalog.NONE))
        .isEqualTo(Intent.USER);
    assertThat(MemoryCatalog.NONE.firstMissing(association("x", "y", RELATED))).isEmpty();
    assertThat(MemoryCatalog.NONE.has(hash("x"))).isFalse();
  }
}
