package io.hybridgraph.domain.replica;

import static io.hybridgraph.domain.model.RelationshipType.CAUSES;
import static io.hybridgraph.domain.model.RelationshipType.FIXES;
import static io.hybridgraph.domain.model.RelationshipType.RELATED;
import static io.hybridgraph.domain.model.TestAssociations.association;
import static io.hybridgraph.domain.model.TestAssociations.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.replica.ViewRule.Cause;
import io.hybridgraph.domain.replica.ViewRule.Decision;
import io.hybridgraph.domain.replica.ViewRule.RowFacts;
import io.hybridgraph.domain.replica.ViewRule.Slot;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the view shows of a replicated row and what it holds back. */
class ViewRuleTest {

  private static final FakeMemories BOTH = FakeMemories.of("a", "b");
  private static final Association AB = association("a", "b", CAUSES);
  private static final Association BA = association("b", "a", CAUSES);
  private static final Hold MASS = Hold.of(HoldReason.MASS_DELETION);
  private static final Hold REVERSE = Hold.of(HoldReason.REVERSE_HALF);

  private static RowFacts facts(
      Association row,
      Optional<Association> before,
      Optional<Association> after,
      Slot slot,
      Optional<Hold> prior) {
    return new RowFacts(row.key(), before, after, slot, prior, Optional.empty());
  }

  /** A row that just became visible, with an empty slot and no hold. */
  private static RowFacts arriving(Association row) {
    return facts(row, Optional.empty(), Optional.of(row), Slot.empty(), Optional.empty());
  }

  /** A row visible before and after, not in the table, held for {@code prior}. */
  private static RowFacts held(Association row, Hold prior) {
    return facts(row, Optional.of(row), Optional.of(row), Slot.empty(), Optional.of(prior));
  }

  private static Decision shows(Association row) {
    return new Decision(Optional.of(row), Optional.empty());
  }

  private static Decision holds(Hold hold) {
    return new Decision(Optional.empty(), Optional.of(hold));
  }

  @Test
  void nothingVisible_isNeitherShownNorHeld() {
    RowFacts gone =
        facts(AB, Optional.of(AB), Optional.empty(), Slot.holding(AB), Optional.of(MASS));

    assertThat(ViewRule.decide(Cause.MERGED, gone, Optional.empty(), BOTH))
        .isEqualTo(new Decision(Optional.empty(), Optional.empty()));
  }

  @Test
  void aPlaceTakenByARowKeptLocal_holdsTheRow_whateverTheCause() {
    RowFacts taken =
        facts(AB, Optional.empty(), Optional.of(AB), Slot.keptLocal(), Optional.empty());

    for (Cause cause : Cause.values()) {
      assertThat(ViewRule.decide(cause, taken, Optional.empty(), BOTH))
          .isEqualTo(holds(Hold.of(HoldReason.SLOT_TAKEN)));
    }
    RowFacts freed = held(AB, Hold.of(HoldReason.SLOT_TAKEN));
    assertThat(ViewRule.decide(Cause.ADOPTED, freed, Optional.empty(), BOTH)).isEqualTo(shows(AB));
  }

  @Test
  void adoptedRowInTheTable_isShown_evenWhereAHoldWas() {
    RowFacts restored =
        facts(BA, Optional.of(BA), Optional.of(BA), Slot.holding(BA), Optional.of(MASS));

    assertThat(ViewRule.decide(Cause.ADOPTED, restored, Optional.of(AB), BOTH))
        .isEqualTo(shows(BA));
  }

  @Test
  void classifiedDeletion_isHeldWithItsReason() {
    RowFacts deleted =
        new RowFacts(
            AB.key(),
            Optional.of(AB),
            Optional.of(AB),
            Slot.empty(),
            Optional.empty(),
            Optional.of(Hold.awaiting(hash("b"))));

    assertThat(ViewRule.decide(Cause.ADOPTED, deleted, Optional.empty(), BOTH))
        .isEqualTo(holds(Hold.awaiting(hash("b"))));
  }

  @Test
  void ownWrite_showsWhatItWrote_evenWhereHousekeepingWouldRemoveIt() {
    RowFacts stored =
        facts(
            AB,
            Optional.of(association("a", "b", FIXES)),
            Optional.of(AB),
            Slot.empty(),
            Optional.of(MASS));
    assertThat(ViewRule.decide(Cause.LOCAL_WRITE, stored, Optional.empty(), BOTH))
        .isEqualTo(shows(AB));

    assertThat(
            ViewRule.decide(Cause.LOCAL_WRITE, arriving(AB), Optional.empty(), FakeMemories.of()))
        .isEqualTo(shows(AB));
    assertThat(ViewRule.decide(Cause.LOCAL_WRITE, arriving(BA), Optional.of(AB), BOTH))
        .isEqualTo(shows(BA));
  }

  @Test
  void adoptedWrite_completedByItsMirror_showsTheMirror_evenWhereHousekeepingWouldRemoveIt() {
    Association mirror = association("b", "a", RELATED);

    assertThat(
            ViewRule.decide(Cause.ADOPTED, arriving(mirror), Optional.empty(), FakeMemories.of()))
        .isEqualTo(shows(mirror));
  }

  @Test
  void ownWriteOfTheOtherRow_keepsAHoldThatStillApplies() {
    assertThat(ViewRule.decide(Cause.LOCAL_WRITE, held(AB, MASS), Optional.empty(), BOTH))
        .isEqualTo(holds(MASS));
  }

  @Test
  void heldMassDeletion_staysHeld_whenTheRowChangesElsewhere() {
    Association newer = association("a", "b", FIXES);
    RowFacts changed =
        facts(AB, Optional.of(AB), Optional.of(newer), Slot.empty(), Optional.of(MASS));

    assertThat(ViewRule.decide(Cause.MERGED, changed, Optional.empty(), BOTH))
        .isEqualTo(holds(MASS));
    assertThat(ViewRule.decide(Cause.REFRESH, held(AB, MASS), Optional.empty(), BOTH))
        .isEqualTo(holds(MASS));
  }

  @Test
  void rowMergedFromElsewhere_isHeld_whileAMemoryIsMissing_onAFileWithMemories() {
    assertThat(ViewRule.decide(Cause.MERGED, arriving(AB), Optional.empty(), FakeMemories.of("a")))
        .isEqualTo(holds(Hold.awaiting(hash("b"))));
    assertThat(ViewRule.decide(Cause.MERGED, arriving(AB), Optional.empty(), BOTH))
        .isEqualTo(shows(AB));
    assertThat(ViewRule.decide(Cause.MERGED, arriving(AB), Optional.empty(), MemoryCatalog.NONE))
        .as("a plain graph file holds nothing back")
        .isEqualTo(shows(AB));
  }

  @Test
  void rowMergedFromElsewhere_isHeld_asTheReverseHalfOfATwoWayPair() {
    assertThat(ViewRule.decide(Cause.MERGED, arriving(BA), Optional.of(AB), BOTH))
        .isEqualTo(holds(REVERSE));
    assertThat(ViewRule.decide(Cause.MERGED, arriving(BA), Optional.empty(), BOTH))
        .as("the forward half is not shown")
        .isEqualTo(shows(BA));
    assertThat(
            ViewRule.decide(
                Cause.MERGED, arriving(BA), Optional.of(association("a", "b", FIXES)), BOTH))
        .isEqualTo(shows(BA));
  }

  @Test
  void memoryMissingHold_comesBack_whenTheMemoryArrives_orWaitsForTheOtherOne() {
    Hold waiting = Hold.awaiting(hash("a"));

    assertThat(ViewRule.decide(Cause.REFRESH, held(AB, waiting), Optional.empty(), BOTH))
        .isEqualTo(shows(AB));
    assertThat(
            ViewRule.decide(
                Cause.REFRESH, held(AB, waiting), Optional.empty(), FakeMemories.of("a")))
        .isEqualTo(holds(Hold.awaiting(hash("b"))));
    assertThat(ViewRule.decide(Cause.REFRESH, held(BA, waiting), Optional.of(AB), BOTH))
        .as("arrived, but the reverse half of a two-way pair")
        .isEqualTo(holds(REVERSE));
  }

  @Test
  void reverseHalfHold_comesBack_whenTheOtherHalfChangesType() {
    assertThat(ViewRule.decide(Cause.ADOPTED, held(BA, REVERSE), Optional.of(AB), BOTH))
        .isEqualTo(holds(REVERSE));
    assertThat(
            ViewRule.decide(
                Cause.ADOPTED, held(BA, REVERSE), Optional.of(association("a", "b", FIXES)), BOTH))
        .isEqualTo(shows(BA));
  }

  @Test
  void unchangedShownRow_isNotHeldByAMerge() {
    RowFacts shown =
        facts(AB, Optional.of(AB), Optional.of(AB), Slot.holding(AB), Optional.empty());

    assertThat(ViewRule.decide(Cause.MERGED, shown, Optional.empty(), FakeMemories.of()))
        .isEqualTo(shows(AB));
  }

  @Test
  void valuesRefuseImpossibleCombinations() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Slot(true, Optional.of(AB)))
        .withMessage("a taken slot holds no association of the domain");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Decision(Optional.of(AB), Optional.of(MASS)))
        .withMessage("a row is either shown or held back, not both");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Hold(HoldReason.MEMORY_MISSING, Optional.empty()))
        .withMessageContaining("memory_missing");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Hold(HoldReason.REVERSE_HALF, Optional.of(hash("a"))))
        .withMessageContaining("awaiting a");
    assertThat(association("a", "b", RELATED).isSymmetric()).isTrue();
  }

  @Test
  void holdReasons_roundTripTheirWireNames() {
    for (HoldReason reason : HoldReason.values()) {
      assertThat(HoldReason.parse(reason.wireName())).isEqualTo(reason);
      assertThat(reason).hasToString(reason.wireName());
    }
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HoldReason.parse("tired"))
        .withMessage("unknown hold reason 'tired'");
  }
}
