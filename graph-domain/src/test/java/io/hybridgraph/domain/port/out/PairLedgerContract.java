package io.hybridgraph.domain.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.replica.PairChange;
import io.hybridgraph.domain.replica.PairState;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PairLedger} must have. Run against each implementation by extending
 * this class and supplying a fresh, empty ledger with ways to look at what it persisted beside the
 * pairs: the view, the queue of rows to push, and sync state values.
 */
public abstract class PairLedgerContract {

  private static final MemoryHash A = MemoryHash.of("a1f3");
  private static final MemoryHash B = MemoryHash.of("b2e4");
  private static final MemoryHash C = MemoryHash.of("c3d5");
  private static final PairKey AB = PairKey.of(A, B);
  private static final DeviceId DEVICE = new DeviceId("contract");

  private PairLedger ledger;

  /** A new, empty ledger. */
  protected abstract PairLedger newLedger();

  /** The keys of the rows waiting to be pushed. */
  protected abstract List<RowKey> queued();

  /** What the view shows at {@code key}. */
  protected abstract Optional<Association> shown(RowKey key);

  /** A sync state value. */
  protected abstract Optional<String> state(String name);

  @BeforeEach
  void createLedger() {
    ledger = newLedger();
  }

  private static Hlc at(long wall) {
    return new Hlc(wall, 0, DEVICE);
  }

  private static Association association(
      MemoryHash source, MemoryHash target, RelationshipType type) {
    return new Association(
        source,
        target,
        type,
        Similarity.of(0.5),
        ConnectionTypes.of("semantic"),
        Metadata.empty(),
        1_700_000_000.0);
  }

  private static PairChange storing(PairState before, Association association, long wall) {
    return PairChange.applying(before, before.store(association, at(wall)));
  }

  private PairState load(PairKey pair) {
    return ledger.inTransaction(tx -> tx.load(pair));
  }

  @Test
  void load_pairNeverStored_isEmpty_andNoClockIsPersisted() {
    assertThat(load(AB)).isEqualTo(PairState.empty(AB));
    assertThat(ledger.latestClock()).isEmpty();
  }

  @Test
  void persistLocal_isLoadedBack_shown_andQueued() {
    Association related = association(A, B, RelationshipType.RELATED);
    PairChange change = storing(PairState.empty(AB), related, 1_000);

    ledger.inTransaction(
        tx -> {
          tx.persistLocal(change);
          return null;
        });

    assertThat(load(AB)).isEqualTo(change.after());
    assertThat(shown(related.key())).contains(related);
    assertThat(shown(related.key().mirror())).contains(related.mirrored());
    assertThat(queued()).containsExactlyInAnyOrder(AB.forward(), AB.backward());
    assertThat(ledger.latestClock()).contains(at(1_000));
  }

  @Test
  void persistMerged_isLoadedBack_andShown_butNeverQueued() {
    Association causes = association(B, A, RelationshipType.CAUSES);
    PairChange change = storing(PairState.empty(AB), causes, 2_000);

    ledger.inTransaction(
        tx -> {
          tx.persistMerged(change);
          return null;
        });

    assertThat(load(AB)).isEqualTo(change.after());
    assertThat(shown(causes.key())).contains(causes);
    assertThat(shown(causes.key().mirror())).isEmpty();
    assertThat(queued()).isEmpty();
  }

  @Test
  void persistLocal_tombstones_hideThePairFromTheView() {
    PairChange stored = storing(PairState.empty(AB), association(A, B, RelationshipType.FIXES), 1);
    PairChange deleted = PairChange.applying(stored.after(), stored.after().delete(at(2)));

    ledger.inTransaction(
        tx -> {
          tx.persistLocal(stored);
          tx.persistLocal(deleted);
          return null;
        });

    assertThat(load(AB)).isEqualTo(deleted.after());
    assertThat(load(AB).rows()).allMatch(ReplicatedRow::isTombstone);
    assertThat(shown(AB.forward())).isEmpty();
    assertThat(shown(AB.backward())).isEmpty();
    assertThat(queued()).containsExactlyInAnyOrder(AB.forward(), AB.backward());
    assertThat(ledger.latestClock()).contains(at(2));
  }

  @Test
  void inTransaction_workThatThrows_persistsNothing() {
    IllegalStateException failure = new IllegalStateException("the work failed");

    assertThatThrownBy(
            () ->
                ledger.inTransaction(
                    tx -> {
                      tx.persistLocal(
                          storing(
                              PairState.empty(AB), association(A, B, RelationshipType.CAUSES), 5));
                      tx.putState("cursor", "7");
                      throw failure;
                    }))
        .isSameAs(failure);

    assertThat(load(AB)).isEqualTo(PairState.empty(AB));
    assertThat(shown(AB.forward())).isEmpty();
    assertThat(queued()).isEmpty();
    assertThat(state("cursor")).isEmpty();
    assertThat(ledger.latestClock()).isEmpty();
  }

  @Test
  void inTransaction_seesItsOwnWrites_andReturnsTheWorksValue() {
    PairChange change =
        storing(PairState.empty(AB), association(A, B, RelationshipType.RELATED), 3);

    PairState seen =
        ledger.inTransaction(
            tx -> {
              tx.persistLocal(change);
              return tx.load(AB);
            });

    assertThat(seen).isEqualTo(change.after());
  }

  @Test
  void pairsOf_findsPairsFromAndToTheMemory_tombstonesIncluded() {
    PairKey ca = PairKey.of(C, A);
    PairKey bc = PairKey.of(B, C);
    PairChange ab = storing(PairState.empty(AB), association(A, B, RelationshipType.RELATED), 1);
    ledger.inTransaction(
        tx -> {
          tx.persistLocal(ab);
          tx.persistLocal(PairChange.applying(ab.after(), ab.after().delete(at(2))));
          tx.persistMerged(
              storing(PairState.empty(ca), association(C, A, RelationshipType.CAUSES), 3));
          tx.persistLocal(
              storing(PairState.empty(bc), association(B, C, RelationshipType.SUPPORTS), 4));
          return null;
        });

    assertThat(pairsOf(A)).containsExactlyInAnyOrder(AB, ca);
    assertThat(pairsOf(C)).containsExactlyInAnyOrder(ca, bc);
    assertThat(pairsOf(MemoryHash.of("d4c6"))).isEmpty();
  }

  private Set<PairKey> pairsOf(MemoryHash memory) {
    return ledger.inTransaction(tx -> tx.pairsOf(memory));
  }

  @Test
  void putState_isReadBackAfterCommit_andReplacesTheValue() {
    ledger.inTransaction(
        tx -> {
          tx.putState("cursor", "1");
          return null;
        });
    ledger.inTransaction(
        tx -> {
          tx.putState("cursor", "2");
          return null;
        });

    assertThat(state("cursor")).contains("2");
  }

  @Test
  void latestClock_isTheGreatestClockOfAnyPersistedRow() {
    PairKey ac = PairKey.of(A, C);
    ledger.inTransaction(
        tx -> {
          tx.persistLocal(
              storing(PairState.empty(AB), association(A, B, RelationshipType.CAUSES), 9_000));
          tx.persistMerged(
              storing(PairState.empty(ac), association(A, C, RelationshipType.CAUSES), 4_000));
          return null;
        });

    assertThat(ledger.latestClock()).contains(at(9_000));
  }
}
