package io.hybridgraph.sync.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.out.RemoteGraph;
import io.hybridgraph.domain.replica.ReplicatedGraph;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.HybridClock;
import io.hybridgraph.domain.version.Version;
import io.hybridgraph.sqlite.SqliteGraphStore;
import io.hybridgraph.sqlite.SqliteStoreConfig;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.in.DriftReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftDetectorTest {

  private static final int ROWS = 2_000;

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(1_800_000_000_000L);
  private final InMemoryRemoteGraph remote = new InMemoryRemoteGraph();
  private SqliteGraphStore store;
  private DriftDetector drift;

  @BeforeEach
  void syncedDevice() {
    store =
        SqliteGraphStore.open(
            SqliteStoreConfig.of(dir.resolve("device.db"))
                .withDurability(SqliteStoreConfig.Durability.NORMAL),
            clock);
    SyncParts sync =
        TestSync.of(store, remote, clock)
            .config(SyncConfig.defaults(true).withBatchSizes(1_000, 1_000, 1_000))
            .random(() -> 0.5)
            .build();
    ReplicatedGraph graph = new ReplicatedGraph();
    HybridClock writer = new HybridClock(clock, new DeviceId("writer"));
    for (int i = 0; i < ROWS / 2; i++) {
      graph.store(
          association(
              String.format("%064x", i * 7919L), String.format("%064x", i * 104729L + 1), i),
          writer);
    }
    store.replica().merge(graph.rows());
    remote.push(new RemoteGraph.PushBatch(new DeviceId("writer"), 1, graph.rows()));
    sync.puller().pull();
    drift = sync.drift();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static Association association(String source, String target, int i) {
    return new Association(
        MemoryHash.of(source),
        MemoryHash.of(target),
        i % 2 == 0 ? RelationshipType.RELATED : RelationshipType.CAUSES,
        Similarity.of(0.5),
        ConnectionTypes.of("semantic"),
        Metadata.of(Map.of("i", (long) i)),
        1_700_000_000.0);
  }

  @Test
  void inSync_comparesDigestsOnly_andMovesNoRows() {
    DriftReport report = drift.check(true);

    assertThat(report.bucketsDiffering()).isZero();
    assertThat(report.rowsMoved()).isZero();
    assertThat(report.bucketsCompared()).isPositive();
  }

  @Test
  void rowRemovedFromTheCloud_isFoundAndPushedBack_movingFewRows() {
    ReplicatedRow victim = store.replica().rows(Optional.empty(), 1).get(0);
    remote.remove(victim.key());

    DriftReport report = drift.check(true);

    assertThat(report.bucketsDiffering()).isEqualTo(1);
    assertThat(report.pushed()).isEqualTo(1);
    assertThat(report.rowsMoved()).isLessThan(ROWS / 100);
    assertThat(remote.rows()).contains(victim);
    assertThat(drift.check(false).bucketsDiffering()).isZero();
  }

  @Test
  void staleRowWrittenBackToTheCloud_isRepairedToTheDevicesVersion() {
    ReplicatedRow original = store.replica().rows(Optional.empty(), 1).get(0);
    Association edited =
        new Association(
            original.key().source(),
            original.key().target(),
            original.value().orElseThrow().type(),
            Similarity.of(0.01),
            ConnectionTypes.none(),
            Metadata.empty(),
            1.0);
    // A stale copy of the row written back to the cloud outside the merge rule.
    remote.overwrite(
        ReplicatedRow.present(
            edited,
            new Version(
                original.version().causalLength(), new Hlc(0, 0, new DeviceId("tampered")))));

    DriftReport report = drift.check(true);

    assertThat(report.bucketsDiffering()).isEqualTo(1);
    assertThat(report.pushed()).isEqualTo(1);
    assertThat(remote.rows()).contains(original);
  }

  @Test
  void changeThisDeviceNeverReceived_isMergedLocally_withoutQueueingIt() {
    HybridClock other = new HybridClock(clock, new DeviceId("other"));
    ReplicatedGraph elsewhere = new ReplicatedGraph();
    List<ReplicatedRow> missed = elsewhere.store(association("aa01", "bb02", 2), other);
    remote.push(new RemoteGraph.PushBatch(new DeviceId("other"), 1, missed));
    store.syncState().put(SyncLedger.PULL_CURSOR, Long.toString(remote.headSequence()));

    DriftReport report = drift.check(true);

    assertThat(report.merged()).isEqualTo(missed.size());
    assertThat(store.associations().get(RowKey.of("aa01", "bb02"))).isPresent();
    assertThat(store.outbox().depth()).isZero();
  }

  @Test
  void checkWithoutRepair_reportsButChangesNothing() {
    ReplicatedRow victim = store.replica().rows(Optional.empty(), 1).get(0);
    remote.remove(victim.key());

    DriftReport report = drift.check(false);

    assertThat(report.bucketsDiffering()).isEqualTo(1);
    assertThat(report.pushed()).isZero();
    assertThat(remote.rows()).doesNotContain(victim);
  }
}
