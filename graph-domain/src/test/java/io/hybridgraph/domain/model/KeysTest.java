package io.hybridgraph.domain.model;

import static io.hybridgraph.domain.model.TestAssociations.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** Row keys are directed, pair keys are not; neither can join a memory to itself. */
class KeysTest {

  @Test
  void pairKey_of_putsTheLowerMemoryFirst() {
    PairKey pair = PairKey.of(hash("b"), hash("a"));

    assertThat(pair.low()).isEqualTo(hash("a"));
    assertThat(pair.high()).isEqualTo(hash("b"));
    assertThat(pair).isEqualTo(PairKey.of(hash("a"), hash("b")));
    assertThat(pair.forward()).isEqualTo(RowKey.of("a", "b"));
    assertThat(pair.backward()).isEqualTo(RowKey.of("b", "a"));
    assertThat(pair.contains(hash("b"))).isTrue();
    assertThat(pair.contains(hash("c"))).isFalse();
  }

  @Test
  void pairKey_ofOneMemoryTwice_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PairKey.of(hash("a"), hash("a")))
        .withMessage("a pair needs two different memories; both are a");
  }

  @Test
  void pairKey_notInCanonicalOrder_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PairKey(hash("b"), hash("a")))
        .withMessage("a pair key needs low < high, was b and a");
  }

  @Test
  void rowKey_selfLoop_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RowKey.of("a", "a"))
        .withMessage("a row needs two different memories; source and target are both a");
  }

  @Test
  void rowKey_of_namesTheColumnOfAnInvalidHash() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RowKey.of("a", ""))
        .withMessage("target_hash: memory hash must not be blank");
  }

  @Test
  void rowKey_mirrorAndPair() {
    RowKey key = RowKey.of("b", "a");

    assertThat(key.mirror()).isEqualTo(RowKey.of("a", "b"));
    assertThat(key.pair()).isEqualTo(key.mirror().pair());
    assertThat(key).isGreaterThan(key.mirror());
    assertThat(key).hasToString("b->a");
  }
}
