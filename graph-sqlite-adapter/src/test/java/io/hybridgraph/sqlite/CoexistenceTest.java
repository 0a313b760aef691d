package io.hybridgraph.sqlite;

import static io.hybridgraph.sqlite.SqliteFixtures.execute;
import static io.hybridgraph.sqlite.SqliteFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.hybridgraph.domain.port.out.ViewHolds;
import io.hybridgraph.domain.replica.HoldReason;
import io.hybridgraph.domain.replica.ReplicatedGraph;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.HybridClock;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python memory service and this store on one file: each rule that classifies what that service
 * does to memory_graph, and each reason the view holds a row back coming back by itself. The
 * service's writes come from a second JDBC connection, as {@link PythonServiceWrites} makes them.
 */
class CoexistenceTest {

  private static final String VIEW =
      "SELECT source_hash, target_hash, relationship_type FROM memory_graph ORDER BY 1, 2";

  @TempDir Path dir;
  private Path file;
  private SqliteGraphStore store;
  private PythonServiceWrites python;
  private final ReplicatedGraph cloud = new ReplicatedGraph();
  private final HybridClock otherDevice =
      new HybridClock(Clock.systemUTC(), new DeviceId("other-device"));

  @BeforeEach
  void open() throws Exception {
    file = dir.resolve("sqlite_vec.db");
    store = SqliteGraphStore.open(SqliteStoreConfig.of(file));
    python = new PythonServiceWrites(file).init();
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

  /** Rows another device stored, merged here as a pull from the cloud would. */
  private void mergeFromAnotherDevice(Association association) {
    store.replica().merge(cloud.store(association, otherDevice));
  }

  /** The view's rows, after the store took in what changed in the file. */
  private List<String> view() throws Exception {
    store.catchUp();
    return rows(file, VIEW);
  }

  private List<RowKey> queued() {
    return store.outbox().peekDue(100, Long.MAX_VALUE).stream()
        .map(ChangeOutbox.Entry::key)
        .toList();
  }

  private void acknowledgeEverything() {
    store.outbox().acknowledge(store.outbox().peekDue(100, Long.MAX_VALUE));
  }

  private ReplicatedRow replicated(String source, String target) {
    return store.replica().rows(List.of(RowKey.of(source, target))).get(0);
  }

  private List<String> neighbours(String memory) {
    return store
        .index()
        .read(g -> GraphAlgorithms.connected(g, MemoryHash.of(memory), 1, TraversalFilter.any()))
        .stream()
        .map(c -> c.memory().value())
        .toList();
  }

  @Test
  void orphanPruning_ofARowWhoseMemoryHasNotArrived_isHousekeeping_heldBack_neverReplicated()
      throws Exception {
    python.addMemories("a");
    store.associations().store(association("a", "b", RelationshipType.CAUSES));
    acknowledgeEverything();

    python.pruneOrphans();

    assertThat(queued()).as("no deletion is replicated").isEmpty();
    assertThat(replicated("a", "b").isTombstone()).isFalse();
    assertThat(view()).isEmpty();
    assertThat(store.associations().get(RowKey.of("a", "b"))).isEmpty();
    assertThat(store.viewHolds().list(10))
        .extracting(ViewHolds.Held::reason, ViewHolds.Held::awaiting)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                HoldReason.MEMORY_MISSING, Optional.of(MemoryHash.of("b"))));

    python.addMemories("b");

    assertThat(view()).containsExactly("a|b|causes");
    assertThat(neighbours("a")).containsExactly("b");
    assertThat(store.viewHolds().counts()).isEmpty();
    assertThat(queued()).isEmpty();
  }

  @Test
  void rowsMergedBeforeTheirMemories_areHeldBack_andComeBackWhenTheMemoriesArrive()
      throws Exception {
    python.addMemories("a");
    mergeFromAnotherDevice(association("a", "c", RelationshipType.RELATED));

    assertThat(view()).as("the orphan pruning would delete them").isEmpty();
    assertThat(replicated("a", "c").isTombstone()).isFalse();
    assertThat(store.viewHolds().counts())
        .containsExactly(Map.entry(HoldReason.MEMORY_MISSING, 2L));
    assertThat(python.pruneOrphans()).isZero();

    python.addMemories("c");

    assertThat(view()).containsExactly("a|c|related", "c|a|related");
    assertThat(neighbours("c")).containsExactly("a");
    assertThat(store.viewHolds().counts()).isEmpty();
    assertThat(queued()).isEmpty();
  }

  @Test
  void heldRow_whoseMemoryArrivesWhileTheStoreIsClosed_comesBackAtTheNextOpen() throws Exception {
    python.addMemories("a");
    mergeFromAnotherDevice(association("a", "c", RelationshipType.CAUSES));
    store.close();

    python.addMemories("c");
    store = SqliteGraphStore.open(SqliteStoreConfig.of(file));

    assertThat(view()).containsExactly("a|c|causes");
    assertThat(neighbours("a")).containsExactly("c");
    assertThat(store.viewHolds().counts()).isEmpty();
  }

  @Test
  void
      startupMigration_removingTheReverseHalfOfATwoWayPair_isHousekeeping_untilTheOtherHalfChanges()
          throws Exception {
    python.addMemories("a", "b");
    store.associations().store(association("a", "b", RelationshipType.CAUSES));
    store.associations().store(association("b", "a", RelationshipType.CAUSES));
    acknowledgeEverything();

    python.startup();

    assertThat(queued()).as("no deletion is replicated").isEmpty();
    assertThat(replicated("b", "a").isTombstone()).isFalse();
    assertThat(view()).containsExactly("a|b|causes");
    assertThat(store.viewHolds().counts()).containsExactly(Map.entry(HoldReason.REVERSE_HALF, 1L));

    python.store("a", "b", "fixes");

    assertThat(view()).containsExactly("a|b|fixes", "b|a|causes");
    assertThat(queued()).as("the re-store is a user's").containsExactly(RowKey.of("a", "b"));
    assertThat(store.viewHolds().counts()).isEmpty();
    assertThat(python.startup()).isZero();
  }

  @Test
  void twoWayPairMergedFromAnotherDevice_holdsTheReverseHalfBack() throws Exception {
    python.addMemories("a", "b");
    mergeFromAnotherDevice(association("a", "b", RelationshipType.SUPPORTS));
    mergeFromAnotherDevice(association("b", "a", RelationshipType.SUPPORTS));

    assertThat(view()).containsExactly("a|b|supports");
    assertThat(store.viewHolds().counts()).containsExactly(Map.entry(HoldReason.REVERSE_HALF, 1L));
    assertThat(python.startup()).isZero();
    assertThat(replicated("b", "a").value()).isPresent();
  }

  @Test
  void userDeletingTheForwardHalf_deletesThePair_heldReverseHalfIncluded() throws Exception {
    python.addMemories("a", "b");
    store.associations().store(association("a", "b", RelationshipType.CAUSES));
    store.associations().store(association("b", "a", RelationshipType.CAUSES));
    python.startup();
    acknowledgeEverything();

    python.deleteAssociation("a", "b");

    assertThat(queued()).containsExactlyInAnyOrder(RowKey.of("a", "b"), RowKey.of("b", "a"));
    assertThat(replicated("a", "b").isTombstone()).isTrue();
    assertThat(replicated("b", "a").isTombstone()).isTrue();
    assertThat(view()).isEmpty();
    assertThat(store.viewHolds().counts()).isEmpty();
  }

  @Test
  void deletingAMemory_isUserIntent_thoughItsSoftDeleteLandsInTheSameTransaction()
      throws Exception {
    python.addMemories("a", "b", "c");
    python.store("a", "b", "related");
    python.store("a", "c", "causes");
    python.store("b", "c", "fixes");
    acknowledgeEverything();

    python.deleteMemories("a");

    assertThat(queued())
        .containsExactlyInAnyOrder(
            RowKey.of("a", "b"), RowKey.of("b", "a"), RowKey.of("a", "c"), RowKey.of("c", "a"));
    assertThat(store.replica().rows(queued())).allMatch(ReplicatedRow::isTombstone);
    assertThat(view()).containsExactly("b|c|fixes");
    assertThat(store.viewHolds().counts()).isEmpty();
  }

  @Test
  void explicitAssociationDelete_isUserIntent() throws Exception {
    python.addMemories("a", "b");
    python.store("a", "b", "related");
    acknowledgeEverything();

    python.deleteAssociation("b", "a");

    assertThat(queued()).containsExactlyInAnyOrder(RowKey.of("a", "b"), RowKey.of("b", "a"));
    assertThat(store.replica().rows(queued())).allMatch(ReplicatedRow::isTombstone);
  }

  @Test
  void storesAndConflictPairs_areUserIntent_adoptedAndQueued() throws Exception {
    python.addMemories("a", "b", "c");

    python.store("a", "b", "causes");
    python.store("b", "c", "contradicts");

    assertThat(queued())
        .containsExactlyInAnyOrder(RowKey.of("a", "b"), RowKey.of("b", "c"), RowKey.of("c", "b"));
    assertThat(store.associations().get(RowKey.of("c", "b")).map(Association::type))
        .contains(RelationshipType.CONTRADICTS);
    assertThat(neighbours("b")).containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void plainGraphFile_withoutAMemoriesTable_treatsEveryForeignDeletionAsUserIntent()
      throws Exception {
    Path plain = dir.resolve("plain.db");
    try (SqliteGraphStore graph = SqliteGraphStore.open(SqliteStoreConfig.of(plain))) {
      graph.associations().store(association("b", "a", RelationshipType.CAUSES));
      graph.associations().store(association("a", "b", RelationshipType.CAUSES));
      graph.outbox().acknowledge(graph.outbox().peekDue(10, Long.MAX_VALUE));

      new PythonServiceWrites(plain).startup();

      assertThat(graph.outbox().peekDue(10, Long.MAX_VALUE))
          .extracting(ChangeOutbox.Entry::key)
          .containsExactly(RowKey.of("b", "a"));
      assertThat(graph.replica().rows(List.of(RowKey.of("b", "a"))).get(0).isTombstone()).isTrue();
      assertThat(graph.viewHolds().counts()).isEmpty();
    }
  }

  @Test
  void rowKeptLocal_holdsItsPlace_untouched_andTheReplicatedRowComesBackWhenItGoes()
      throws Exception {
    python.addMemories("a", "b");
    execute(
        file, "INSERT INTO memory_graph VALUES ('a', 'b', 0.3, '[]', NULL, 5.0, 'inspired_by')");

    mergeFromAnotherDevice(association("a", "b", RelationshipType.CAUSES));

    assertThat(view()).containsExactly("a|b|inspired_by");
    assertThat(store.viewHolds().counts()).containsExactly(Map.entry(HoldReason.SLOT_TAKEN, 1L));
    assertThat(store.associations().get(RowKey.of("a", "b"))).isEmpty();

    execute(file, "DELETE FROM memory_graph WHERE relationship_type = 'inspired_by'");

    assertThat(view()).containsExactly("a|b|causes");
    assertThat(queued()).as("the row kept local was never synced").isEmpty();
    assertThat(store.viewHolds().counts()).isEmpty();
  }
}
