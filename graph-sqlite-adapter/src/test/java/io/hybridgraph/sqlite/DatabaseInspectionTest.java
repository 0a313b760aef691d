package io.hybridgraph.sqlite;

import static io.hybridgraph.domain.model.TestAssociations.association;
import static io.hybridgraph.sqlite.SqliteFixtures.execute;
import static io.hybridgraph.sqlite.SqliteFixtures.pythonServiceDatabase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.sqlite.DatabaseInspection.Origin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseInspectionTest {

  private static final int LATEST = 6;

  @TempDir Path dir;

  @Test
  void missingFile_isNew_andNeitherItNorItsDirectoryIsCreated() {
    Path file = dir.resolve("not/yet/graph.db");

    DatabaseInspection inspection = SqliteGraphStore.inspect(file);

    assertThat(inspection.origin()).isEqualTo(Origin.NEW);
    assertThat(inspection.latestVersion()).isEqualTo(LATEST);
    assertThat(inspection.pendingMigrations()).isEqualTo(LATEST);
    assertThat(inspection.writable()).isTrue();
    assertThat(inspection.describe()).contains("the first start creates the schema (version 6)");
    assertThat(dir.resolve("not")).doesNotExist();
  }

  @Test
  void storeOfThisApp_isCurrent_withItsRows() {
    Path file = dir.resolve("graph.db");
    try (SqliteGraphStore store = SqliteGraphStore.open(SqliteStoreConfig.of(file))) {
      store.associations().store(association("a", "b", RelationshipType.RELATED));
    }

    DatabaseInspection inspection = SqliteGraphStore.inspect(file);

    assertThat(inspection.origin()).isEqualTo(Origin.GRAPH_STORE);
    assertThat(inspection.schemaVersion()).isEqualTo(LATEST);
    assertThat(inspection.pendingMigrations()).isZero();
    assertThat(inspection.newerThanThisBuild()).isFalse();
    assertThat(inspection.rows()).isEqualTo(2);
    assertThat(inspection.describe())
        .isEqualTo("schema version 6 (current), 2 rows in memory_graph");
  }

  @Test
  void pythonServiceDatabase_isForeign_withItsSchemaVersion_andIsLeftByteForByte()
      throws Exception {
    Path typed = dir.resolve("typed.db");
    Path untyped = dir.resolve("untyped.db");
    pythonServiceDatabase(typed, true);
    pythonServiceDatabase(untyped, false);
    execute(
        typed,
        "INSERT INTO memory_graph VALUES ('h1', 'h2', 0.5, '[\"semantic\"]', NULL, 1.0, 'causes')");
    List<Path> before = files();
    byte[] typedBytes = Files.readAllBytes(typed);
    byte[] untypedBytes = Files.readAllBytes(untyped);

    DatabaseInspection typedInspection = SqliteGraphStore.inspect(typed);
    DatabaseInspection untypedInspection = SqliteGraphStore.inspect(untyped);

    assertThat(typedInspection.origin()).isEqualTo(Origin.FOREIGN);
    assertThat(typedInspection.schemaVersion()).isEqualTo(2);
    assertThat(typedInspection.pendingMigrations()).isEqualTo(4);
    assertThat(typedInspection.rows()).isEqualTo(1);
    assertThat(typedInspection.describe())
        .contains("made by another program (schema 2, 1 rows in memory_graph)")
        .contains("applies 4 migration(s) up to version 6")
        .contains("back the file up first");
    assertThat(untypedInspection.schemaVersion()).isEqualTo(1);
    assertThat(untypedInspection.pendingMigrations()).isEqualTo(5);
    assertThat(Files.readAllBytes(typed)).isEqualTo(typedBytes);
    assertThat(Files.readAllBytes(untyped)).isEqualTo(untypedBytes);
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void storeWithRowsSetAsideOrHeld_saysSo_andIsLeftAsItIs() throws Exception {
    Path file = dir.resolve("graph.db");
    try (SqliteGraphStore store = SqliteGraphStore.open(SqliteStoreConfig.of(file))) {
      assertThat(SqliteGraphStore.inspect(file).attention()).isEmpty();
      execute(
          file,
          "INSERT INTO graph_sync_set_aside (origin, source_hash, target_hash, reason,"
              + " set_aside_at) VALUES ('view', 'x?', 'x?', 'a self-loop', 1)",
          "INSERT INTO graph_sync_held VALUES ('a', 'b', 'mass_deletion', NULL, 1, 1),"
              + " ('b', 'a', 'mass_deletion', NULL, 1, 1), ('c', 'd', 'memory_missing', 'd', NULL,"
              + " 1)");
    }
    byte[] bytes = Files.readAllBytes(file);

    DatabaseInspection inspection = SqliteGraphStore.inspect(file);

    assertThat(inspection.setAsideRows()).isEqualTo(1);
    assertThat(inspection.heldDeletions()).isEqualTo(2);
    assertThat(inspection.heldBack()).isEqualTo(1);
    assertThat(inspection.attention())
        .contains(
            "1 unreadable row(s) set aside (list and remove them); 2 row deletion(s) held by the"
                + " mass-deletion guard (release or discard them); 1 row(s) held back from"
                + " memory_graph until their memories arrive or the Python service's housekeeping"
                + " no longer applies");
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void otherTablesWithoutMemoryGraph_areForeign_atVersionZero() throws Exception {
    Path file = dir.resolve("other.db");
    execute(file, "CREATE TABLE memories (id INTEGER PRIMARY KEY)");

    DatabaseInspection inspection = SqliteGraphStore.inspect(file);

    assertThat(inspection.origin()).isEqualTo(Origin.FOREIGN);
    assertThat(inspection.schemaVersion()).isZero();
    assertThat(inspection.describe()).startsWith("tables of another program and no memory_graph");
  }

  @Test
  void storeMigratedByANewerBuild_isReportedAsNewer() throws Exception {
    Path file = dir.resolve("graph.db");
    SqliteGraphStore.open(SqliteStoreConfig.of(file)).close();
    execute(
        file,
        "INSERT INTO graph_schema_history (installed_rank, version, description, type, script,"
            + " installed_by, execution_time, success) VALUES (99, '7', 'future', 'SQL',"
            + " 'V7__future.sql', 'test', 0, 1)");

    DatabaseInspection inspection = SqliteGraphStore.inspect(file);

    assertThat(inspection.newerThanThisBuild()).isTrue();
    assertThat(inspection.describe())
        .startsWith("schema version 7 is newer than this build knows (6)");
  }

  @Test
  void fileThatIsNotADatabase_failsNamingTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "this is not a database, just text");

    assertThatThrownBy(() -> SqliteGraphStore.inspect(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot read " + file.toAbsolutePath() + " as an SQLite database");
    assertThat(Files.readString(file)).isEqualTo("this is not a database, just text");
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
