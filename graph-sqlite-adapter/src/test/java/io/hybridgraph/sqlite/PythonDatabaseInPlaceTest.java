package io.hybridgraph.sqlite;

import static io.hybridgraph.sqlite.SqliteFixtures.count;
import static io.hybridgraph.sqlite.SqliteFixtures.execute;
import static io.hybridgraph.sqlite.SqliteFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonDatabaseInPlaceTest {

  private static final String ALL_GRAPH_ROWS =
      "SELECT source_hash, target_hash, similarity, connection_types, metadata, created_at,"
          + " relationship_type FROM memory_graph ORDER BY source_hash, target_hash";

  @TempDir Path dir;

  private void seedTypedRows(Path file) throws Exception {
    execute(
        file,
        "INSERT INTO memory_graph VALUES ('h1', 'h2', 0.8, '[\"semantic\"]', '{\"a\": 1}',"
            + " 1700000000.25, 'related')",
        "INSERT INTO memory_graph VALUES ('h2', 'h1', 0.8, '[\"semantic\"]', '{\"a\": 1}',"
            + " 1700000000.25, 'related')",
        "INSERT INTO memory_graph VALUES ('h2', 'h3', 0.6, 'temporal', NULL, 1700000100.0,"
            + " 'causes')",
        "INSERT INTO memory_graph VALUES ('h4', 'h3', 0.4, '[\"semantic\", \"causal\"]', '{}',"
            + " 1700000200.0, 'fixes')",
        "INSERT INTO memory_graph VALUES ('h3', 'h5', 0.9, '[]', NULL, 1700000300.0, NULL)",
        "INSERT INTO memory_graph VALUES ('h5', 'h3', 0.9, '[]', NULL, 1700000300.0, NULL)");
  }

  @Test
  void open_pythonDatabase_keepsEveryRowAndEveryOtherTable() throws Exception {
    Path file = dir.resolve("sqlite_vec.db");
    SqliteFixtures.pythonServiceDatabase(file, true);
    seedTypedRows(file);
    List<String> graphBefore = rows(file, ALL_GRAPH_ROWS);
    List<String> memoriesBefore = rows(file, "SELECT * FROM memories ORDER BY id");
    List<String> metadataBefore = rows(file, "SELECT * FROM metadata");
    List<String> memoriesSchemaBefore =
        rows(file, "SELECT sql FROM sqlite_master WHERE tbl_name IN ('memories', 'metadata')");

    try (SqliteGraphStore store = SqliteGraphStore.open(SqliteStoreConfig.of(file))) {
      assertThat(store.associations().statistics().relationships()).isEqualTo(4);
      assertThat(store.associations().get(RowKey.of("h2", "h3")))
          .map(Association::connectionTypes)
          .contains(ConnectionTypes.of("temporal"));
      assertThat(store.associations().get(RowKey.of("h3", "h5")).map(Association::type))
          .contains(RelationshipType.RELATED);
      assertThat(store.associations().get(RowKey.of("h1", "h2")).map(Association::metadata))
          .contains(Metadata.of(java.util.Map.of("a", 1L)));
      assertThat(store.replica().rowCount()).isEqualTo(6);
      assertThat(store.outbox().depth()).as("existing rows are left to the initial sync").isZero();
    }

    assertThat(rows(file, ALL_GRAPH_ROWS)).isEqualTo(graphBefore);
    assertThat(rows(file, "SELECT * FROM memories ORDER BY id")).isEqualTo(memoriesBefore);
    assertThat(rows(file, "SELECT * FROM metadata")).isEqualTo(metadataBefore);
    assertThat(
            rows(file, "SELECT sql FROM sqlite_master WHERE tbl_name IN ('memories', 'metadata')"))
        .isEqualTo(memoriesSchemaBefore);
    assertThat(rows(file, "SELECT version FROM graph_schema_history ORDER BY installed_rank"))
        .containsExactly("2", "3", "4", "5", "6");
    assertThat(
            count(
                file,
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN"
                    + " ('idx_memory_graph_source', 'idx_memory_graph_target',"
                    + " 'idx_memory_graph_type')"))
        .isEqualTo(3);
  }

  @Test
  void open_pythonDatabaseWithoutRelationshipType_addsTheColumnWithItsDefault() throws Exception {
    Path file = dir.resolve("old.db");
    SqliteFixtures.pythonServiceDatabase(file, false);
    execute(
        file,
        "INSERT INTO memory_graph VALUES ('h1', 'h2', 0.5, '[\"semantic\"]', NULL, 1.0)",
        "INSERT INTO memory_graph VALUES ('h2', 'h1', 0.5, '[\"semantic\"]', NULL, 1.0)");

    try (SqliteGraphStore store = SqliteGraphStore.open(SqliteStoreConfig.of(file))) {
      assertThat(store.associations().get(RowKey.of("h2", "h1")).map(Association::type))
          .contains(RelationshipType.RELATED);
    }

    assertThat(rows(file, "SELECT relationship_type FROM memory_graph")).containsOnly("related");
    assertThat(rows(file, "SELECT version FROM graph_schema_history ORDER BY installed_rank"))
        .containsExactly("1", "2", "3", "4", "5", "6");
    assertThat(
            count(
                file,
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN"
                    + " ('idx_memory_graph_source', 'idx_memory_graph_target',"
                    + " 'idx_memory_graph_type')"))
        .isEqualTo(3);
  }

  @Test
  void open_legacyDefects_areRepairedToThePairInvariant() throws Exception {
    Path file = dir.resolve("defects.db");
    SqliteFixtures.pythonServiceDatabase(file, true);
    execute(
        file,
        // re-stored as directed, the Python store left the symmetric mirror behind
        "INSERT INTO memory_graph VALUES ('h1', 'h2', 0.7, '[]', NULL, 20.0, 'causes')",
        "INSERT INTO memory_graph VALUES ('h2', 'h1', 0.5, '[]', NULL, 10.0, 'related')",
        // a symmetric relationship whose mirror row is missing
        "INSERT INTO memory_graph VALUES ('h3', 'h4', 0.5, '[]', NULL, 10.0, 'contradicts')");

    try (SqliteGraphStore store = SqliteGraphStore.open(SqliteStoreConfig.of(file))) {
      assertThat(store.associations().get(RowKey.of("h2", "h1"))).isEmpty();
      assertThat(store.associations().get(RowKey.of("h1", "h2")).map(Association::type))
          .contains(RelationshipType.CAUSES);
      assertThat(store.associations().get(RowKey.of("h4", "h3")).map(Association::type))
          .contains(RelationshipType.CONTRADICTS);
    }

    assertThat(
            rows(
                file,
                "SELECT source_hash, target_hash, relationship_type FROM memory_graph"
                    + " ORDER BY 1, 2"))
        .containsExactly("h1|h2|causes", "h3|h4|contradicts", "h4|h3|contradicts");
  }

  @Test
  void open_unreadableRowsAndNonObjectMetadata_openFine_andLeaveTheRowsAsTheyAre()
      throws Exception {
    Path file = dir.resolve("odd.db");
    SqliteFixtures.pythonServiceDatabase(file, true);
    execute(
        file,
        "INSERT INTO memory_graph VALUES ('a1', 'b1', 0.5, '[]', NULL, 1.0, 'inspired_by')",
        "INSERT INTO memory_graph VALUES ('b1', 'a1', 0.5, '[]', NULL, 1.0, 'inspired_by')",
        "INSERT INTO memory_graph VALUES ('c1', 'd1', 0.5, '[]', '\"plain\"', 1.0, 'causes')");
    List<String> before = rows(file, ALL_GRAPH_ROWS);

    try (SqliteGraphStore store = SqliteGraphStore.open(SqliteStoreConfig.of(file))) {
      assertThat(store.associations().get(RowKey.of("c1", "d1")).map(Association::metadata))
          .contains(Metadata.of(java.util.Map.of("legacy_metadata", "\"plain\"")));
      assertThat(store.replica().rowCount()).isEqualTo(1);
    }

    assertThat(rows(file, ALL_GRAPH_ROWS)).isEqualTo(before);
  }

  @Test
  void open_sameLegacyRowsOnTwoDevices_giveIdenticalReplicatedRows() throws Exception {
    Path first = dir.resolve("first.db");
    Path second = dir.resolve("second.db");
    for (Path file : List.of(first, second)) {
      SqliteFixtures.pythonServiceDatabase(file, true);
      seedTypedRows(file);
    }
    try (SqliteGraphStore a = SqliteGraphStore.open(SqliteStoreConfig.of(first));
        SqliteGraphStore b = SqliteGraphStore.open(SqliteStoreConfig.of(second))) {
      assertThat(a.deviceId()).isNotEqualTo(b.deviceId());
      assertThat(a.replica().rows(Optional.empty(), 100))
          .isEqualTo(b.replica().rows(Optional.empty(), 100));
    }
  }

  @Test
  void open_secondTime_doesNotImportOrMigrateAgain() throws Exception {
    Path file = dir.resolve("twice.db");
    SqliteFixtures.pythonServiceDatabase(file, true);
    seedTypedRows(file);
    List<String> replicaAfterFirstOpen;
    try (SqliteGraphStore store = SqliteGraphStore.open(SqliteStoreConfig.of(file))) {
      replicaAfterFirstOpen = rows(file, "SELECT * FROM graph_sync_replica ORDER BY 1, 2");
    }
    try (SqliteGraphStore store = SqliteGraphStore.open(SqliteStoreConfig.of(file))) {
      assertThat(store.outbox().depth()).isZero();
    }
    assertThat(rows(file, "SELECT * FROM graph_sync_replica ORDER BY 1, 2"))
        .isEqualTo(replicaAfterFirstOpen);
  }
}
