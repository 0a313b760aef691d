package io.hybridgraph.sqlite;

import static io.hybridgraph.sqlite.SqliteFixtures.count;
import static io.hybridgraph.sqlite.SqliteFixtures.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.graph.GraphAlgorithms;
import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.model.Similarity;
import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.SetAsideRows;
import io.hybridgraph.domain.port.out.SetAsideRows.Origin;
import io.hybridgraph.domain.replica.ReplicatedGraph;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.HybridClock;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file holding rows no association can be read from, made by hand as an older build left it (the
 * lone-surrogate self-loop {@code x?} to {@code x?} in the view, the replicated state and the
 * outbox) and as other programs leave them: the store opens, queries answer, the outbox drains its
 * good entries, and every bad row is set aside, listed and removable.
 */
class UnreadableRowsTest {

  @TempDir Path dir;

  private static Association association(String source, String target, RelationshipType type) {
    return new Association(
        MemoryHash.of(source),
        MemoryHash.of(target),
        type,
        Similarity.of(0.5),
        ConnectionTypes.of("semantic"),
        Metadata.empty(),
        1.0);
  }

  /** The file: two good associations queued, then what an older build and others left. */
  private Path fileWithUnreadableRows() throws Exception {
    Path file = dir.resolve("graph.db");
    try (SqliteGraphStore store = SqliteGraphStore.open(SqliteStoreConfig.of(file))) {
      store.associations().store(association("a", "b", RelationshipType.RELATED));
      store.associations().store(association("a", "c", RelationshipType.CAUSES));
    }
    String clock = "0000000003e8.0000.old-build";
    execute(
        file,
        // the older build's own write of the self-loop: guarded, so not captured
        "BEGIN IMMEDIATE",
        "INSERT INTO graph_sync_guard (owner) VALUES (1)",
        "INSERT INTO memory_graph VALUES ('x?', 'x?', 0.5, '[]', '{}', 1.0, 'related')",
        "INSERT INTO graph_sync_replica VALUES ('x?', 'x?', 1, '"
            + clock
            + "', 0, 'related', 0.5, '[]', '{}', 1.0)",
        "INSERT INTO graph_sync_outbox (source_hash, target_hash, enqueued_at)"
            + " VALUES ('x?', 'x?', 1)",
        // replicated rows no association can hold: a similarity of 5, a clock that is no clock
        "INSERT INTO graph_sync_replica VALUES ('p', 'q', 1, '"
            + clock
            + "', 0, 'causes', 5.0, '[]', '{}', 1.0)",
        "INSERT INTO graph_sync_replica VALUES ('r', 's', 1, 'zzzz', 0, 'causes', 0.5, '[]',"
            + " '{}', 1.0)",
        "DELETE FROM graph_sync_guard",
        "COMMIT");
    return file;
  }

  @Test
  void storeOpens_queriesAnswer_outboxDrains_andBadRowsAreSetAside_listed_andRemovable()
      throws Exception {
    Path file = fileWithUnreadableRows();

    try (SqliteGraphStore store = SqliteGraphStore.open(SqliteStoreConfig.of(file))) {
      // queries answer
      assertThat(store.associations().get(RowKey.of("b", "a"))).isPresent();
      assertThat(store.associations().associationsOf(MemoryHash.of("x?"), Direction.BOTH, Set.of()))
          .isEmpty();
      assertThat(store.associations().statistics().relationships()).isEqualTo(2);
      List<String> connected =
          store
              .index()
              .read(g -> GraphAlgorithms.connected(g, MemoryHash.of("a"), 2, TraversalFilter.any()))
              .stream()
              .map(c -> c.memory().value())
              .toList();
      assertThat(connected).containsExactlyInAnyOrder("b", "c");

      // the outbox drains its good entries; the bad one leaves the queue
      List<ChangeOutbox.Entry> due = store.outbox().peekDue(100, Long.MAX_VALUE);
      assertThat(due)
          .extracting(e -> e.key().toString())
          .containsExactlyInAnyOrder("a->b", "b->a", "a->c");
      assertThat(store.replica().rows(due.stream().map(ChangeOutbox.Entry::key).toList()))
          .hasSize(3);
      store.outbox().acknowledge(due);
      assertThat(store.outbox().depth()).isZero();

      // a whole read of the replicated state (the initial sync's) skips and sets aside
      assertThat(store.replica().rows(Optional.empty(), 1))
          .extracting(r -> r.key().toString())
          .containsExactly("a->b");
      assertThat(store.replica().rows(Optional.of(RowKey.of("a", "c")), 1))
          .extracting(r -> r.key().toString())
          .containsExactly("b->a");
      assertThat(store.replica().rows(Optional.empty(), 100)).hasSize(3);
      assertThat(store.replica().rowCount()).isEqualTo(3);

      // sync merges into a pair whose stored row was bad
      ReplicatedGraph cloud = new ReplicatedGraph();
      List<ReplicatedRow> incoming =
          cloud.store(
              association("p", "q", RelationshipType.FIXES),
              new HybridClock(Clock.systemUTC(), new DeviceId("cloud")));
      assertThat(store.replica().merge(incoming)).isEqualTo(incoming);
      assertThat(store.associations().get(RowKey.of("p", "q")).map(Association::type))
          .contains(RelationshipType.FIXES);

      // listed
      List<SetAsideRows.Entry> setAside = store.setAside().list(10);
      assertThat(setAside)
          .extracting(e -> e.origin() + " " + e.source() + "->" + e.target())
          .containsExactlyInAnyOrder(
              "VIEW x?->x?", "OUTBOX x?->x?", "REPLICA x?->x?", "REPLICA p->q", "REPLICA r->s");
      assertThat(store.setAside().count()).isEqualTo(5);
      assertThat(setAside).allSatisfy(e -> assertThat(e.reason()).isNotBlank());
      assertThat(setAside)
          .filteredOn(e -> e.origin() == Origin.REPLICA)
          .allSatisfy(e -> assertThat(e.content()).isPresent());
      assertThat(count(file, "SELECT count(*) FROM graph_sync_replica WHERE source_hash = 'x?'"))
          .isZero();

      // removable: the view row leaves memory_graph, the others their entry
      for (SetAsideRows.Entry entry : setAside) {
        assertThat(store.setAside().remove(entry.id())).isTrue();
      }
      assertThat(store.setAside().remove(setAside.get(0).id())).isFalse();
      assertThat(store.setAside().count()).isZero();
      assertThat(count(file, "SELECT count(*) FROM memory_graph WHERE source_hash = 'x?'"))
          .isZero();
      assertThat(store.outbox().depth()).as("removing is not synced").isZero();
    }

    try (SqliteGraphStore reopened = SqliteGraphStore.open(SqliteStoreConfig.of(file))) {
      assertThat(reopened.setAside().count()).isZero();
    }
  }

  @Test
  void unreadableRowWrittenByAnotherProgram_isSetAside_andLeftWhereItIs() throws Exception {
    Path file = dir.resolve("graph.db");
    try (SqliteGraphStore store = SqliteGraphStore.open(SqliteStoreConfig.of(file))) {
      execute(
          file,
          "INSERT INTO memory_graph VALUES ('m', ' ', 0.5, '[]', NULL, 1.0, 'causes')",
          "INSERT INTO memory_graph VALUES ('y', 'y', 0.5, '[]', NULL, 1.0, 'fixes')",
          "INSERT INTO memory_graph VALUES ('n', 'o', 1.5, '[]', NULL, 1.0, 'supports')");

      assertThat(store.associations().associationsOf(MemoryHash.of("n"), Direction.BOTH, Set.of()))
          .isEmpty();
      assertThat(store.setAside().list(10))
          .extracting(e -> e.origin() + " " + e.source() + "->" + e.target())
          .containsExactlyInAnyOrder("VIEW m-> ", "VIEW y->y", "VIEW n->o");
      assertThat(store.replica().rowCount()).isZero();
      assertThat(store.outbox().depth()).isZero();
    }
    assertThat(count(file, "SELECT count(*) FROM memory_graph")).isEqualTo(3);
  }
}
