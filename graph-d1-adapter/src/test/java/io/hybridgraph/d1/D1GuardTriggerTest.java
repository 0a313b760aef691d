package io.hybridgraph.d1;

import static io.hybridgraph.d1.TestRows.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Extension;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.out.RemoteGraph.Change;
import io.hybridgraph.domain.port.out.RemoteGraph.PushBatch;
import io.hybridgraph.domain.replica.PairState;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.Hlc;
import io.hybridgraph.domain.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An UPDATE made in D1 outside the adapter becomes a new version in the change feed. */
@ExtendWith(LocalD1Extension.class)
class D1GuardTriggerTest {

  private static final DeviceId DEVICE = new DeviceId("guarded");
  private static final PairKey PAIR = PairKey.of(MemoryHash.of("a"), MemoryHash.of("b"));

  private final LocalD1Database local;
  private D1Remote remote;
  private D1RemoteGraph graph;

  D1GuardTriggerTest(LocalD1Database local) {
    this.local = local;
  }

  @BeforeEach
  void migrate() {
    local.reset();
    remote = D1Remote.create(local.config().build());
    remote.schema().migrate();
    graph = remote.d1Graph();
  }

  @Test
  void foreignUpdate_getsANewerClockAndTheNextSequence() {
    ReplicatedRow original = row("a", "b", 1, DEVICE);
    graph.push(new PushBatch(DEVICE, 1, List.of(original, row("c", "d", 2, DEVICE))));
    long cursor = graph.headSequence();
    long digestBefore = RowDigest.checksum(original);

    local.execute("UPDATE memory_graph SET similarity = ? WHERE source_hash = ?", 0.99, "a");

    List<Change> after = graph.pull(cursor, 10).changes();
    assertThat(after).hasSize(1);
    ReplicatedRow edited = after.get(0).row();
    assertThat(after.get(0).sequence()).isGreaterThan(cursor);
    assertThat(edited.value().orElseThrow().similarity().value()).isEqualTo(0.99);
    assertThat(edited.version()).isGreaterThan(original.version());
    assertThat(edited.version().clock().device().value()).isEqualTo(SchemaMigrator.GUARD_DEVICE);
    assertThat(remote.graph().bucketDigests().get(RowDigest.bucket(original.key())).checksum())
        .isNotEqualTo(digestBefore);
  }

  @Test
  void foreignUpdate_ofARowWithAClockInTheFuture_stillMovesItsVersionForward() {
    ReplicatedRow future =
        ReplicatedRow.present(
            row("a", "b", 1, DEVICE).value().orElseThrow(),
            new Version(1, new Hlc(Hlc.MAX_WALL - 5, 0x00ff, DEVICE)));
    graph.push(new PushBatch(DEVICE, 1, List.of(future)));

    remote
        .database()
        .query(D1Statement.of("UPDATE memory_graph SET metadata = '{\"edited\":true}'"));

    ReplicatedRow edited = graph.pull(1, 10).changes().get(0).row();
    assertThat(edited.version().clock())
        .isEqualTo(new Hlc(Hlc.MAX_WALL - 5, 0x0100, new DeviceId(SchemaMigrator.GUARD_DEVICE)));
    assertThat(edited.value().orElseThrow().metadata().values()).containsEntry("edited", true);
  }

  @Test
  void adapterWrites_andNoOpUpdates_leaveTheGuardIdle() {
    ReplicatedRow v1 = row("a", "b", 1, DEVICE);
    ReplicatedRow v2 = row("a", "b", 2, DEVICE);
    graph.push(new PushBatch(DEVICE, 1, List.of(v1)));
    graph.push(new PushBatch(DEVICE, 2, List.of(v2)));
    long head = graph.headSequence();

    remote.database().query(D1Statement.of("UPDATE memory_graph SET similarity = similarity"));

    assertThat(graph.headSequence()).isEqualTo(head).isEqualTo(2);
    assertThat(graph.pull(0, 10).changes()).extracting(Change::row).containsExactly(v2);
  }

  @Test
  void foreignUpdate_ofOneRowOfASymmetricPair_reachesTheMirror_soThePairStaysVisible() {
    List<ReplicatedRow> pair =
        PairState.empty(PAIR).store(related(0.5), new Hlc(1_700_000_000_000L, 0, DEVICE));
    assertThat(pair).hasSize(2);
    graph.push(new PushBatch(DEVICE, 1, pair));
    long cursor = graph.headSequence();

    local.execute("UPDATE memory_graph SET similarity = ? WHERE source_hash = ?", 0.99, "a");

    List<Change> changes = graph.pull(cursor, 10).changes();
    assertThat(changes).extracting(c -> c.row().key().toString()).containsExactly("a->b", "b->a");
    assertThat(changes.get(0).row().version()).isEqualTo(changes.get(1).row().version());
    assertThat(changes.get(0).row().version().clock().device().value())
        .isEqualTo(SchemaMigrator.GUARD_DEVICE);
    PairState after = PairState.of(PAIR, changes.stream().map(Change::row).toList());
    assertThat(after.visibleRows())
        .hasSize(2)
        .allSatisfy(a -> assertThat(a.similarity().value()).isEqualTo(0.99))
        .allSatisfy(a -> assertThat(a.type()).isEqualTo(RelationshipType.RELATED));
  }

  @Test
  void foreignUpdate_ofBothRowsOfASymmetricPairInOneStatement_keepsThemMirrored() {
    graph.push(
        new PushBatch(
            DEVICE,
            1,
            PairState.empty(PAIR).store(related(0.5), new Hlc(1_700_000_000_000L, 0, DEVICE))));
    long cursor = graph.headSequence();

    remote.database().query(D1Statement.of("UPDATE memory_graph SET similarity = 0.25"));

    List<ReplicatedRow> rows = graph.pull(cursor, 10).changes().stream().map(Change::row).toList();
    PairState after = PairState.of(PAIR, graph.scan(Optional.empty(), 10));
    assertThat(rows).isNotEmpty();
    assertThat(after.rows()).extracting(ReplicatedRow::version).containsOnly(rows.get(0).version());
    assertThat(after.visibleRows())
        .hasSize(2)
        .allSatisfy(a -> assertThat(a.similarity().value()).isEqualTo(0.25));
  }

  @Test
  void foreignUpdate_toADirectedType_leavesTheMirrorAlone() {
    List<ReplicatedRow> pair =
        PairState.empty(PAIR).store(related(0.5), new Hlc(1_700_000_000_000L, 0, DEVICE));
    graph.push(new PushBatch(DEVICE, 1, pair));
    long cursor = graph.headSequence();

    remote
        .database()
        .query(
            D1Statement.of(
                "UPDATE memory_graph SET relationship_type = 'causes' WHERE source_hash = 'a'"));

    List<Change> changes = graph.pull(cursor, 10).changes();
    assertThat(changes).extracting(c -> c.row().key().toString()).containsExactly("a->b");
    List<ReplicatedRow> rows = new ArrayList<>(graph.scan(Optional.empty(), 10));
    PairState after = PairState.of(PAIR, rows);
    assertThat(after.visibleRows())
        .singleElement()
        .satisfies(a -> assertThat(a.type()).isEqualTo(RelationshipType.CAUSES));
  }

  @Test
  void foreignUpdate_ofAStaleRow_doesNotOverwriteAMirrorWithALaterCausalLength() {
    ReplicatedRow stale =
        PairState.empty(PAIR).store(related(0.5), new Hlc(1_700_000_000_000L, 0, DEVICE)).get(0);
    ReplicatedRow deletedMirror =
        ReplicatedRow.tombstone(
            stale.key().mirror(), new Version(2, new Hlc(1_700_000_000_100L, 0, DEVICE)));
    graph.push(new PushBatch(DEVICE, 1, List.of(stale, deletedMirror)));
    long cursor = graph.headSequence();

    local.execute("UPDATE memory_graph SET similarity = ? WHERE source_hash = ?", 0.99, "a");

    assertThat(graph.pull(cursor, 10).changes())
        .extracting(c -> c.row().key().toString())
        .containsExactly("a->b");
    assertThat(graph.scan(Optional.empty(), 10))
        .filteredOn(r -> r.key().equals(deletedMirror.key()))
        .containsExactly(deletedMirror);
  }

  private static Association related(double similarity) {
    return new Association(
        MemoryHash.of("a"),
        MemoryHash.of("b"),
        RelationshipType.RELATED,
        Similarity.of(similarity),
        ConnectionTypes.of("semantic"),
        Metadata.empty(),
        1_700_000_000.0);
  }
}
