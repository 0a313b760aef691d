package io.hybridgraph.sqlite;

import static io.hybridgraph.sqlite.SqliteFixtures.count;
import static io.hybridgraph.sqlite.SqliteFixtures.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.graph.ConnectedMemory;
import io.hybridgraph.domain.graph.GraphAlgorithms;
import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.replica.ReplicatedGraph;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.HybridClock;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes made straight into memory_graph by another program, and merges from the cloud. */
class ChangeCaptureTest {

  @TempDir Path dir;
  private Path file;
  private SqliteGraphStore store;

  @BeforeEach
  void open() {
    file = dir.resolve("graph.db");
    store = SqliteGraphStore.open(SqliteStoreConfig.of(file));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static Association association(String source, String target, RelationshipType type) {
    return new Association(
        MemoryHash.of(source),
        MemoryHash.of(target),
        type,
        Similarity.of(0.5),
        ConnectionTypes.of("semantic"),
        Metadata.empty(),
        1_700_000_000.0);
  }

  @Test
  void ownWrites_areQueuedInTheSameTransaction_andNeverCaptured() throws Exception {
    store.associations().store(association("a", "b", RelationshipType.RELATED, 0.5));

    assertThat(store.outbox().depth()).isEqualTo(2);
    assertThat(count(file, "SELECT count(*) FROM graph_sync_capture")).isZero();
    assertThat(count(file, "SELECT count(*) FROM graph_sync_guard")).isZero();
  }

  private static Association association(
      String source, String target, RelationshipType type, double similarity) {
    Association base = association(source, target, type);
    return new Association(
        base.source(),
        base.target(),
        type,
        Similarity.of(similarity),
        base.connectionTypes(),
        base.metadata(),
        base.createdAt());
  }

  @Test
  void pythonStyleSymmetricInsert_isAdoptedQueuedAndTraversable() throws Exception {
    execute(
        file,
        "INSERT OR REPLACE INTO memory_graph (source_hash, target_hash, similarity,"
            + " connection_types, metadata, created_at, relationship_type)"
            + " VALUES ('p', 'q', 0.9, '[\"semantic\"]', '{}', 1700000000.0, 'related')",
        "INSERT OR REPLACE INTO memory_graph (source_hash, target_hash, similarity,"
            + " connection_types, metadata, created_at, relationship_type)"
            + " VALUES ('q', 'p', 0.9, '[\"semantic\"]', '{}', 1700000000.0, 'related')");

    List<ConnectedMemory> connected =
        store
            .index()
            .read(g -> GraphAlgorithms.connected(g, MemoryHash.of("q"), 1, TraversalFilter.any()));
    assertThat(connected).extracting(c -> c.memory().value()).containsExactly("p");
    List<ReplicatedRow> replica = store.replica().rows(Optional.empty(), 10);
    assertThat(replica).hasSize(2);
    assertThat(replica.get(0).version()).isEqualTo(replica.get(1).version());
    assertThat(store.outbox().peekDue(10, Long.MAX_VALUE))
        .extracting(ChangeOutbox.Entry::key)
        .containsExactlyInAnyOrder(RowKey.of("p", "q"), RowKey.of("q", "p"));
    assertThat(count(file, "SELECT count(*) FROM graph_sync_capture")).isZero();
  }

  @Test
  void pythonStyleDelete_deletesThePairForSync() throws Exception {
    store.associations().store(association("a", "b", RelationshipType.CAUSES));
    store.outbox().acknowledge(store.outbox().peekDue(10, Long.MAX_VALUE));

    execute(file, "DELETE FROM memory_graph WHERE source_hash = 'a' AND target_hash = 'b'");

    assertThat(store.associations().get(RowKey.of("a", "b"))).isEmpty();
    List<ReplicatedRow> replica = store.replica().rows(Optional.empty(), 10);
    assertThat(replica).allMatch(ReplicatedRow::isTombstone);
    assertThat(replica).allMatch(r -> r.version().causalLength() == 2);
    assertThat(store.outbox().depth()).isEqualTo(2);
  }

  @Test
  void pythonStyleRestoreAsDirected_leavesNoStaleMirror() throws Exception {
    store.associations().store(association("a", "b", RelationshipType.RELATED));

    // The Python store re-stores a symmetric pair as directed by replacing one row only.
    execute(
        file,
        "INSERT OR REPLACE INTO memory_graph (source_hash, target_hash, similarity,"
            + " connection_types, metadata, created_at, relationship_type)"
            + " VALUES ('a', 'b', 0.7, '[]', NULL, 1700000500.0, 'causes')");

    assertThat(store.associations().get(RowKey.of("a", "b")).map(Association::type))
        .contains(RelationshipType.CAUSES);
    assertThat(store.associations().get(RowKey.of("b", "a"))).isEmpty();
    assertThat(count(file, "SELECT count(*) FROM memory_graph")).isEqualTo(1);
  }

  @Test
  void unreadableExternalRow_isLeftAloneAndOutOfSync() throws Exception {
    execute(
        file,
        "INSERT INTO memory_graph (source_hash, target_hash, similarity, connection_types,"
            + " metadata, created_at, relationship_type)"
            + " VALUES ('x', 'y', 0.5, '[]', NULL, 1.0, 'inspired_by')");

    assertThat(store.associations().statistics().rows()).isEqualTo(1);
    assertThat(store.replica().rowCount()).isZero();
    assertThat(store.outbox().depth()).isZero();
    assertThat(count(file, "SELECT count(*) FROM memory_graph")).isEqualTo(1);
  }

  @Test
  void merge_fromElsewhere_changesTheViewWithoutQueueing() {
    ReplicatedGraph remote = new ReplicatedGraph();
    HybridClock remoteClock = new HybridClock(Clock.systemUTC(), new DeviceId("remote"));
    List<ReplicatedRow> rows =
        remote.store(association("m", "n", RelationshipType.SUPPORTS), remoteClock);

    List<ReplicatedRow> changed = store.replica().merge(rows);

    assertThat(changed).isEqualTo(rows);
    assertThat(store.associations().get(RowKey.of("m", "n")).map(Association::type))
        .contains(RelationshipType.SUPPORTS);
    assertThat(store.outbox().depth()).isZero();
    assertThat(store.replica().merge(rows)).as("merging again changes nothing").isEmpty();
  }

  @Test
  void merge_rowFromAClockAhead_ordersLaterLocalWritesAfterIt() {
    ReplicatedGraph remote = new ReplicatedGraph();
    HybridClock ahead =
        new HybridClock(
            Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(1)), new DeviceId("ahead"));
    List<ReplicatedRow> rows = remote.store(association("m", "n", RelationshipType.CAUSES), ahead);
    store.replica().merge(rows);

    store.associations().store(association("m", "n", RelationshipType.FIXES));

    assertThat(store.replica().rows(List.of(RowKey.of("m", "n"))).get(0).version().clock())
        .isGreaterThan(rows.get(0).version().clock());
    assertThat(store.associations().get(RowKey.of("m", "n")).map(Association::type))
        .contains(RelationshipType.FIXES);
  }

  @Test
  void merge_staleRow_neverOverwritesNewerLocalWrite() {
    ReplicatedGraph remote = new ReplicatedGraph();
    HybridClock behind =
        new HybridClock(
            Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(-1)),
            new DeviceId("behind"));
    List<ReplicatedRow> stale = remote.store(association("m", "n", RelationshipType.FIXES), behind);
    Association local = store.associations().store(association("m", "n", RelationshipType.CAUSES));

    assertThat(store.replica().merge(stale)).isEmpty();
    assertThat(store.associations().get(RowKey.of("m", "n"))).contains(local);
  }

  @Test
  void outbox_collapsesRepeatedChangesToOneEntryPerRow_andKeepsNewerChangesOnAcknowledge() {
    store.associations().store(association("a", "b", RelationshipType.CAUSES, 0.1));
    List<ChangeOutbox.Entry> first = store.outbox().peekDue(10, Long.MAX_VALUE);
    store.associations().store(association("a", "b", RelationshipType.CAUSES, 0.2));
    store.associations().store(association("a", "b", RelationshipType.CAUSES, 0.3));

    assertThat(store.outbox().depth()).isEqualTo(1);
    store.outbox().acknowledge(first);
    assertThat(store.outbox().depth())
        .as("a newer change of the row is still waiting")
        .isEqualTo(1);
    assertThat(
            store
                .replica()
                .rows(List.of(RowKey.of("a", "b")))
                .get(0)
                .value()
                .orElseThrow()
                .similarity())
        .isEqualTo(Similarity.of(0.3));
    store.outbox().acknowledge(store.outbox().peekDue(10, Long.MAX_VALUE));
    assertThat(store.outbox().depth()).isZero();
  }

  @Test
  void reopen_keepsDeviceIdDataAndQueue_andTheClockMovesOn() {
    store.associations().store(association("a", "b", RelationshipType.RELATED));
    DeviceId device = store.deviceId();
    var lastVersion = store.replica().rows(Optional.empty(), 1).get(0).version().clock();
    store.close();

    // The wall clock went back an hour meanwhile: the device clock still moves on.
    store =
        SqliteGraphStore.open(
            SqliteStoreConfig.of(file),
            Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(-1)));

    assertThat(store.deviceId()).isEqualTo(device);
    assertThat(store.outbox().depth()).isEqualTo(2);
    int degree = store.index().read(g -> g.degree(g.idOf(MemoryHash.of("a"))));
    assertThat(degree).isEqualTo(1);
    store.associations().store(association("a", "c", RelationshipType.CAUSES));
    assertThat(store.replica().rows(List.of(RowKey.of("a", "c"))).get(0).version().clock())
        .isGreaterThan(lastVersion);
  }
}
