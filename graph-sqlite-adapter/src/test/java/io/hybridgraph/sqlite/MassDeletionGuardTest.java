package io.hybridgraph.sqlite;

import static io.hybridgraph.sqlite.SqliteFixtures.count;
import static io.hybridgraph.sqlite.SqliteFixtures.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.out.HeldDeletions;
import io.hybridgraph.domain.replica.HoldReason;
import io.hybridgraph.domain.replica.ReplicatedRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mass-deletion guard: one adoption that deletes more associations than its count and its
 * fraction of the graph is held on this device, survives a restart, and is released or discarded by
 * a person. Guard of 5 associations and 20 % here, over 20 associations.
 */
class MassDeletionGuardTest {

  @TempDir Path dir;
  private Path file;
  private SqliteStoreConfig config;
  private SqliteGraphStore store;

  @BeforeEach
  void open() {
    file = dir.resolve("graph.db");
    config = SqliteStoreConfig.of(file).withMassDeletionGuard(5, 0.2);
    store = SqliteGraphStore.open(config);
    for (int i = 0; i < 18; i++) {
      store.associations().store(association("s" + i, "t" + i, RelationshipType.CAUSES));
    }
    store.associations().store(association("r0", "r1", RelationshipType.RELATED));
    store.associations().store(association("r2", "r3", RelationshipType.RELATED));
    acknowledgeEverything();
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
        ConnectionTypes.none(),
        Metadata.empty(),
        1.0);
  }

  private void acknowledgeEverything() {
    store.outbox().acknowledge(store.outbox().peekDue(1_000, Long.MAX_VALUE));
  }

  /** Another program deletes the rows of these sources in one statement. */
  private void deleteAtOnce(String... sources) throws Exception {
    execute(
        file,
        "DELETE FROM memory_graph WHERE source_hash IN ('"
            + String.join("', '", sources)
            + "') OR target_hash IN ('"
            + String.join("', '", sources)
            + "')");
    store.catchUp();
  }

  private static String[] sources(int from, int to) {
    List<String> sources = new ArrayList<>();
    for (int i = from; i < to; i++) {
      sources.add("s" + i);
    }
    return sources.toArray(String[]::new);
  }

  private long viewRows() throws Exception {
    return count(file, "SELECT count(*) FROM memory_graph");
  }

  @Test
  void deletionsBeyondTheGuard_areHeld_notQueued_andSurviveARestart() throws Exception {
    String[] doomed = new String[] {"s0", "s1", "s2", "s3", "s4", "r0"};

    deleteAtOnce(doomed);

    assertThat(store.outbox().depth()).as("nothing is pushed").isZero();
    assertThat(store.replica().rows(List.of(RowKey.of("s0", "t0"), RowKey.of("r1", "r0"))))
        .noneMatch(ReplicatedRow::isTombstone);
    assertThat(viewRows()).isEqualTo(22 - 7);
    assertThat(store.associations().get(RowKey.of("s0", "t0"))).isEmpty();
    List<HeldDeletions.Batch> batches = store.heldDeletions().batches();
    assertThat(batches)
        .singleElement()
        .satisfies(
            batch -> {
              assertThat(batch.associations())
                  .as("a symmetric relationship counts once")
                  .isEqualTo(6);
              assertThat(batch.graphAssociations()).isEqualTo(20);
              assertThat(batch.rows()).isEqualTo(7);
              assertThat(batch.heldAtMillis()).isPositive();
            });
    assertThat(store.heldDeletions().rows(batches.get(0).id(), 3))
        .containsExactly(RowKey.of("r0", "r1"), RowKey.of("r1", "r0"), RowKey.of("s0", "t0"));
    assertThat(store.viewHolds().counts()).isEqualTo(Map.of(HoldReason.MASS_DELETION, 7L));

    store.close();
    store = SqliteGraphStore.open(config);

    assertThat(store.heldDeletions().batches()).isEqualTo(batches);
    assertThat(store.outbox().depth()).isZero();
    assertThat(viewRows()).isEqualTo(15);
  }

  @Test
  void release_queuesTheHeldDeletionsAsAUsersDeletions() throws Exception {
    deleteAtOnce(sources(0, 6));
    long batch = store.heldDeletions().batches().get(0).id();

    assertThat(store.heldDeletions().release(batch)).isEqualTo(6);

    assertThat(store.outbox().depth()).isEqualTo(12);
    assertThat(store.replica().rows(List.of(RowKey.of("s5", "t5"), RowKey.of("t5", "s5"))))
        .hasSize(2)
        .allMatch(ReplicatedRow::isTombstone);
    assertThat(store.heldDeletions().batches()).isEmpty();
    assertThat(store.viewHolds().counts()).isEmpty();
    assertThat(viewRows()).isEqualTo(16);
    assertThat(store.heldDeletions().release(batch)).as("gone").isZero();
  }

  @Test
  void discard_bringsTheRowsBackFromTheReplicatedState_withoutQueueingAnything() throws Exception {
    deleteAtOnce(sources(0, 6));
    long batch = store.heldDeletions().batches().get(0).id();

    assertThat(store.heldDeletions().discard(batch)).isEqualTo(6);

    assertThat(viewRows()).isEqualTo(22);
    assertThat(store.associations().get(RowKey.of("s3", "t3")).map(Association::type))
        .contains(RelationshipType.CAUSES);
    assertThat(store.outbox().depth()).isZero();
    assertThat(store.heldDeletions().batches()).isEmpty();
    assertThat(store.viewHolds().counts()).isEmpty();
    assertThat(count(file, "SELECT count(*) FROM graph_sync_capture")).isZero();
    assertThat(store.heldDeletions().discard(batch)).isZero();
  }

  @Test
  void deletionsWithinTheGuard_areReplicatedAsBefore() throws Exception {
    deleteAtOnce(sources(0, 5));

    assertThat(store.heldDeletions().batches()).isEmpty();
    assertThat(store.outbox().depth()).isEqualTo(10);
  }

  @Test
  void heldRowStoredAgainHere_isNoLongerHeld() throws Exception {
    deleteAtOnce(sources(0, 6));

    store.associations().store(association("s0", "t0", RelationshipType.FIXES));

    assertThat(store.heldDeletions().batches().get(0).rows()).isEqualTo(5);
    assertThat(store.associations().get(RowKey.of("s0", "t0")).map(Association::type))
        .contains(RelationshipType.FIXES);
  }
}
