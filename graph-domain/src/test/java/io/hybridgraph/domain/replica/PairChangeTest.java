package io.hybridgraph.domain.replica;

import static io.hybridgraph.domain.model.RelationshipType.CAUSES;
import static io.hybridgraph.domain.model.TestAssociations.association;
import static io.hybridgraph.domain.model.TestAssociations.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairChangeTest {

  private static final PairKey AB = PairKey.of(hash("a"), hash("b"));
  private static final PairKey AC = PairKey.of(hash("a"), hash("c"));
  private static final Hlc T1 = new Hlc(1, 0, new DeviceId("dev"));

  @Test
  void applying_mergesTheWritesIntoTheStateBefore() {
    PairState before = PairState.empty(AB);
    List<ReplicatedRow> writes = before.store(association("a", "b", CAUSES), T1);

    PairChange change = PairChange.applying(before, writes);

    assertThat(change.after()).isEqualTo(PairState.of(AB, writes));
    assertThat(change.rows()).isEqualTo(writes);
    assertThat(change.pair()).isEqualTo(AB);
  }

  @Test
  void statesOfTwoPairs_areRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PairChange(PairState.empty(AB), PairState.empty(AC), List.of()))
        .withMessageContaining("one pair");
  }

  @Test
  void aRowOfAnotherPair_isRefused() {
    List<ReplicatedRow> other = PairState.empty(AC).store(association("a", "c", CAUSES), T1);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PairChange(PairState.empty(AB), PairState.empty(AB), other))
        .withMessageContaining("not part of pair");
  }
}
