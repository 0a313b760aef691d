package io.hybridgraph.sqlite;

import static io.hybridgraph.sqlite.SqliteFixtures.execute;
import static io.hybridgraph.sqlite.SqliteFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.graph.GraphAlgorithms;
import io.hybridgraph.domain.graph.GraphStatistics;
import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.in.ConnectedQuery;
import io.hybridgraph.domain.port.in.PathQuery;
import io.hybridgraph.domain.port.in.SubgraphQuery;
import io.hybridgraph.domain.service.GraphService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows the domain does not model (entity links, empty and unknown types): left exactly as they are,
 * never synced, never the cause of an error, counted on their own.
 */
class KeptLocalRowsTest {

  private static final String ALL_ROWS =
      "SELECT source_hash, target_hash, similarity, connection_types, metadata, created_at,"
          + " relationship_type FROM memory_graph ORDER BY 1, 2";
  private static final String KEPT_LOCAL =
      "SELECT * FROM memory_graph WHERE coalesce(relationship_type, 'related')"
          + " NOT IN ('related', 'causes') ORDER BY 1, 2";

  @TempDir Path dir;
  private Path file;
  private SqliteGraphStore store;
  private PythonServiceWrites python;

  @BeforeEach
  void open() throws Exception {
    file = dir.resolve("sqlite_vec.db");
    store = SqliteGraphStore.open(SqliteStoreConfig.of(file));
    python = new PythonServiceWrites(file).init();
    python.addMemories("m1", "m2", "m3");
    python.store("m1", "m2", "related");
    python.entities("m1", "Python", "SQLite");
    python.entities("m2", "Python");
    execute(
        file,
        "INSERT INTO memory_graph VALUES ('m1', 'm3', 0.4, '[]', NULL, 3.0, '')",
        "INSERT INTO memory_graph VALUES ('m3', 'm1', 0.4, 'x', '{bad', 3.0, 'inspired_by')");
    store.catchUp();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void rowsKeptLocal_areNeverSynced_andNeverRewritten() throws Exception {
    List<String> keptLocal = rows(file, KEPT_LOCAL);

    assertThat(store.replica().rowCount()).isEqualTo(2);
    assertThat(store.outbox().peekDue(10, Long.MAX_VALUE))
        .extracting(e -> e.key().toString())
        .containsExactlyInAnyOrder("m1->m2", "m2->m1");
    store.associations().store(association("m1", "m3", RelationshipType.CAUSES));
    store.associations().deleteMemory(MemoryHash.of("m2"));
    store.associations().delete(MemoryHash.of("m1"), MemoryHash.of("Python"));

    assertThat(rows(file, KEPT_LOCAL)).isEqualTo(keptLocal);
    assertThat(store.setAside().count()).isZero();
  }

  @Test
  void everyQuery_skipsRowsKeptLocal_withoutAnError() {
    GraphService graph = new GraphService(store.associations(), store.index());
    MemoryHash m1 = MemoryHash.of("m1");

    assertThat(graph.get(RowKey.of("m1", "Python"))).isEmpty();
    assertThat(graph.get(RowKey.of("m1", "m3"))).isEmpty();
    assertThat(graph.get(RowKey.of("m3", "m1"))).isEmpty();
    assertThat(graph.associationsOf(m1, Direction.BOTH, Set.of()))
        .extracting(a -> a.key().toString())
        .containsExactly("m1->m2");
    assertThat(graph.associationsOf(MemoryHash.of("Python"), Direction.BOTH, Set.of())).isEmpty();
    assertThat(graph.findConnected(new ConnectedQuery(m1, 3, TraversalFilter.any())))
        .extracting(c -> c.memory().value())
        .containsExactly("m2");
    assertThat(
            graph.shortestPath(
                new PathQuery(m1, MemoryHash.of("Python"), 3, TraversalFilter.any())))
        .isEmpty();
    assertThat(graph.subgraph(new SubgraphQuery(m1, 2, 10, TraversalFilter.any())).edges())
        .singleElement()
        .satisfies(edge -> assertThat(edge.connectionTypes().values()).containsExactly("semantic"));
    assertThat(
            store.associations().getAll(List.of(RowKey.of("m1", "Python"), RowKey.of("m1", "m2"))))
        .containsOnlyKeys(RowKey.of("m1", "m2"));
    List<io.hybridgraph.domain.graph.ConnectedMemory> fromAnEntity =
        store
            .index()
            .read(
                g ->
                    GraphAlgorithms.connected(
                        g, MemoryHash.of("SQLite"), 1, TraversalFilter.any()));
    assertThat(fromAnEntity).isEmpty();
  }

  @Test
  void statistics_countRowsKeptLocalPerType_onTheirOwn() {
    GraphStatistics stats = store.associations().statistics();

    assertThat(stats.keptLocalByType())
        .isEqualTo(Map.of("has_entity", 3L, "", 1L, "inspired_by", 1L));
    assertThat(stats.keptLocal()).isEqualTo(5);
    assertThat(stats.rows()).isEqualTo(7);
    assertThat(stats.relationships()).isEqualTo(1);
    assertThat(stats.memories()).as("entity names are no memories").isEqualTo(2);
    assertThat(stats.relationshipsByType()).isEqualTo(Map.of(RelationshipType.RELATED, 1L));
  }

  @Test
  void orphanPruningOfEntityLinks_changesNothingThatSyncs() throws Exception {
    List<String> before = rows(file, ALL_ROWS);
    store.outbox().acknowledge(store.outbox().peekDue(10, Long.MAX_VALUE));

    python.pruneOrphans();
    store.catchUp();

    assertThat(store.outbox().depth()).isZero();
    assertThat(rows(file, ALL_ROWS)).hasSize(before.size() - 3);
    assertThat(store.associations().statistics().keptLocalByType())
        .isEqualTo(Map.of("", 1L, "inspired_by", 1L));
    assertThat(store.viewHolds().counts()).isEmpty();
  }

  private static Association association(String source, String target, RelationshipType type) {
    return new Association(
        MemoryHash.of(source),
        MemoryHash.of(target),
        type,
        io.hybridgraph.domain.model.Similarity.of(0.5),
        io.hybridgraph.domain.model.ConnectionTypes.none(),
        io.hybridgraph.domain.model.Metadata.empty(),
        1.0);
  }
}
