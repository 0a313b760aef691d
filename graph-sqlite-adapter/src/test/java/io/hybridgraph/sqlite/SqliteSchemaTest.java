package io.hybridgraph.sqlite;

import static io.hybridgraph.sqlite.SqliteFixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSchemaTest {

  @TempDir Path dir;

  @Test
  void open_newFile_runsEveryMigrationInOrder_inWalMode() throws Exception {
    Path file = dir.resolve("nested/dir/graph.db");

    try (SqliteGraphStore store = SqliteGraphStore.open(SqliteStoreConfig.of(file))) {
      assertThat(store.associations().statistics().rows()).isZero();
    }

    assertThat(
            rows(file, "SELECT version, success FROM graph_schema_history ORDER BY installed_rank"))
        .containsExactly("1|1", "2|1", "3|1", "4|1", "5|1", "6|1");
    assertThat(rows(file, "PRAGMA journal_mode")).containsExactly("wal");
    assertThat(
            rows(
                file,
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'memory_graph'"
                    + " AND name LIKE 'idx_%' ORDER BY name"))
        .containsExactly(
            "idx_memory_graph_source", "idx_memory_graph_target", "idx_memory_graph_type");
    assertThat(rows(file, "SELECT name FROM pragma_table_info('memory_graph') ORDER BY cid"))
        .containsExactly(
            "source_hash",
            "target_hash",
            "similarity",
            "connection_types",
            "metadata",
            "created_at",
            "relationship_type");
    assertThat(
            rows(
                file,
                "SELECT dflt_value FROM pragma_table_info('memory_graph')"
                    + " WHERE name = 'relationship_type'"))
        .containsExactly("'related'");
  }
}
