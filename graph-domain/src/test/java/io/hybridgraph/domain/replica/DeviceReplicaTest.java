package io.hybridgraph.domain.replica;

import static io.hybridgraph.domain.model.RelationshipType.CAUSES;
import static io.hybridgraph.domain.model.RelationshipType.FIXES;
import static io.hybridgraph.domain.model.RelationshipType.RELATED;
import static io.hybridgraph.domain.model.RelationshipType.SUPPORTS;
import static io.hybridgraph.domain.model.TestAssociations.association;
import static io.hybridgraph.domain.model.TestAssociations.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.HybridClock;
import io.hybridgraph.domain.version.SettableClock;
import io.hybridgraph.domain.version.Version;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceReplicaTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final DeviceId DEVICE = new DeviceId("device-a");
  private static final PairKey AB = PairKey.of(hash("a"), hash("b"));

  private final SettableClock wall = new SettableClock(T0);
  private final InMemoryPairLedger ledger = new InMemoryPairLedger();
  private final DeviceReplica replica = new DeviceReplica(wall, DEVICE, ledger);

  private static Hlc clockOf(InMemoryPairLedger ledger, RowKey key) {
    return ledger.pair(key.pair()).row(key).orElseThrow().version().clock();
  }

  @Test
  void store_stampsTheRowsWithTheDeviceClock_showsAndQueuesThem() {
    Association related = association("a", "b", RELATED);

    assertThat(replica.store(related)).isEqualTo(related);

    assertThat(ledger.pair(AB).rows())
        .containsExactly(
            ReplicatedRow.present(related, new Version(1, new Hlc(T0, 0, DEVICE))),
            ReplicatedRow.present(related.mirrored(), new Version(1, new Hlc(T0, 0, DEVICE))));
    assertThat(ledger.view()).containsExactly(related, related.mirrored());
    assertThat(ledger.queued()).containsExactly(AB.forward(), AB.backward());
    assertThat(replica.device()).isEqualTo(DEVICE);
  }

  @Test
  void store_twiceInOneMillisecond_ordersTheSecondWriteAfterTheFirst() {
    replica.store(association("a", "b", CAUSES));
    replica.store(association("a", "b", FIXES));

    assertThat(clockOf(ledger, AB.forward())).isEqualTo(new Hlc(T0, 1, DEVICE));
    assertThat(ledger.shown(AB.forward()).map(Association::type)).contains(FIXES);
  }

  @Test
  void store_null_isRefusedBeforeAnyTransaction() {
    assertThatNullPointerException().isThrownBy(() -> replica.store(null));
    assertThat(ledger.transactions()).isZero();
  }

  @Test
  void restart_withTheWallClockBehind_resumesAfterTheLatestPersistedClock() {
    replica.store(association("a", "b", CAUSES));
    Hlc before = clockOf(ledger, AB.forward());

    wall.set(T0 - 60_000);
    DeviceReplica restarted = new DeviceReplica(wall, DEVICE, ledger);
    restarted.store(association("a", "b", SUPPORTS));

    assertThat(clockOf(ledger, AB.forward())).isGreaterThan(before);
    assertThat(clockOf(ledger, AB.forward()).device()).isEqualTo(DEVICE);
  }

  @Test
  void restart_onAnotherDevicesRows_stampsWithItsOwnDevice() {
    DeviceReplica other = new DeviceReplica(wall, new DeviceId("zz-other"), ledger);
    other.store(association("a", "b", CAUSES));

    DeviceReplica restarted = new DeviceReplica(wall, DEVICE, ledger);
    restarted.store(association("a", "c", CAUSES));

    Hlc stamp = clockOf(ledger, RowKey.of("a", "c"));
    assertThat(stamp.device()).isEqualTo(DEVICE);
    assertThat(stamp).isEqualTo(new Hlc(T0, 1, DEVICE));
  }

  @Test
  void delete_visiblePair_writesTombstonesOfTheNextGeneration_andQueuesThem() {
    replica.store(association("a", "b", CAUSES));
    replica.store(association("b", "a", FIXES));

    assertThat(replica.delete(hash("b"), hash("a"))).isTrue();

    assertThat(ledger.pair(AB).rows()).allMatch(ReplicatedRow::isTombstone);
    assertThat(ledger.pair(AB).causalLength()).isEqualTo(2);
    assertThat(ledger.view()).isEmpty();
    assertThat(ledger.queued()).containsExactlyInAnyOrder(AB.forward(), AB.backward());
  }

  @Test
  void delete_nothingVisible_returnsFalse_andPersistsNothing() {
    assertThat(replica.delete(hash("a"), hash("b"))).isFalse();
    replica.store(association("a", "b", CAUSES));
    replica.delete(hash("a"), hash("b"));
    PairState deleted = ledger.pair(AB);

    assertThat(replica.delete(hash("a"), hash("b"))).isFalse();

    assertThat(ledger.pair(AB)).isEqualTo(deleted);
  }

  @Test
  void deleteMemory_deletesEveryVisiblePairOfTheMemory_inOneTransaction() {
    replica.store(association("a", "b", RELATED));
    replica.store(association("c", "a", CAUSES));
    replica.store(association("a", "d", SUPPORTS));
    replica.delete(hash("a"), hash("d"));
    Association kept = replica.store(association("b", "c", SUPPORTS));
    int before = ledger.transactions();

    assertThat(replica.deleteMemory(hash("a"))).isEqualTo(2);

    assertThat(ledger.transactions()).isEqualTo(before + 1);
    assertThat(ledger.view()).containsExactly(kept);
  }

  @Test
  void merge_acceptsNewerRows_showsThem_andNeverQueues() {
    ReplicatedGraph remote = new ReplicatedGraph();
    HybridClock remoteClock = new HybridClock(wall, new DeviceId("remote"));
    List<ReplicatedRow> rows = remote.store(association("m", "n", SUPPORTS), remoteClock);

    assertThat(replica.merge(rows, Map.of())).isEqualTo(rows);

    assertThat(ledger.shown(RowKey.of("m", "n")).map(Association::type)).contains(SUPPORTS);
    assertThat(ledger.queued()).isEmpty();
    assertThat(replica.merge(rows, Map.of())).as("merging again changes nothing").isEmpty();
  }

  @Test
  void merge_staleRow_neverOverwritesANewerLocalWrite() {
    ReplicatedGraph remote = new ReplicatedGraph();
    HybridClock behind = new HybridClock(new SettableClock(T0 - 60_000), new DeviceId("behind"));
    List<ReplicatedRow> stale = remote.store(association("a", "b", FIXES), behind);
    Association local = replica.store(association("a", "b", CAUSES));

    assertThat(replica.merge(stale, Map.of())).isEmpty();

    assertThat(ledger.shown(AB.forward())).contains(local);
  }

  @Test
  void merge_rowFromAClockAhead_ordersLaterLocalWritesAfterIt() {
    ReplicatedGraph remote = new ReplicatedGraph();
    HybridClock ahead = new HybridClock(new SettableClock(T0 + 3_600_000), new DeviceId("ahead"));
    List<ReplicatedRow> rows = remote.store(association("m", "n", CAUSES), ahead);
    replica.merge(rows, Map.of());

    replica.store(association("m", "n", FIXES));

    assertThat(clockOf(ledger, RowKey.of("m", "n"))).isGreaterThan(rows.get(0).version().clock());
    assertThat(ledger.shown(RowKey.of("m", "n")).map(Association::type)).contains(FIXES);
  }

  @Test
  void merge_setsStateUpdatesInTheSameTransaction_evenWithoutRows() {
    replica.merge(List.of(), Map.of("cursor", "42"));

    assertThat(ledger.state("cursor")).contains("42");
    assertThat(ledger.transactions()).isEqualTo(1);
  }

  @Test
  void merge_nothing_opensNoTransaction() {
    assertThat(replica.merge(List.of(), Map.of())).isEmpty();

    assertThat(ledger.transactions()).isZero();
  }

  @Test
  void adopt_stampsWhatTheViewHoldsWithTheDeviceClock() {
    Association causes = association("b", "a", CAUSES);

    PairChange change = replica.adopt(PairState.empty(AB), Optional.empty(), Optional.of(causes));

    assertThat(change.rows())
        .containsExactly(ReplicatedRow.present(causes, new Version(1, new Hlc(T0, 0, DEVICE))));
    assertThat(change.after().visibleRows()).containsExactly(causes);
    assertThat(change.before()).isEqualTo(PairState.empty(AB));
  }

  @Test
  void importFound_stampsFromTheLatestCreatedAt_asTheLegacyDevice() {
    Association older = created("a", "b", RELATED, 1_700_000_000.25);
    Association newer = created("b", "a", RELATED, 1_700_000_001.4996);

    PairChange change =
        DeviceReplica.importFound(PairState.empty(AB), Optional.of(older), Optional.of(newer))
            .orElseThrow();

    Hlc legacy = new Hlc(1_700_000_001_500L, 0, DeviceReplica.LEGACY_DEVICE);
    assertThat(change.rows()).allMatch(row -> row.version().clock().equals(legacy));
    assertThat(change.after().visibleRows()).containsExactly(newer.mirrored(), newer);
  }

  @Test
  void importFound_sameRowsOnTwoDevices_agreeOnTheirVersions() {
    Association row = created("a", "b", CAUSES, 1_600_000_000.0);

    Optional<PairChange> first =
        DeviceReplica.importFound(PairState.empty(AB), Optional.of(row), Optional.empty());
    Optional<PairChange> second =
        DeviceReplica.importFound(PairState.empty(AB), Optional.of(row), Optional.empty());

    assertThat(first).isPresent().isEqualTo(second);
  }

  @Test
  void importFound_noRow_isEmpty() {
    assertThat(DeviceReplica.importFound(PairState.empty(AB), Optional.empty(), Optional.empty()))
        .isEmpty();
  }

  private static Association created(
      String source, String target, RelationshipType type, double createdAt) {
    return new Association(
        hash(source),
        hash(target),
        type,
        Similarity.of(0.5),
        ConnectionTypes.of("semantic"),
        Metadata.empty(),
        createdAt);
  }
}
