package io.hybridgraph.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WAL checkpoints run beside the writes, never inside a commit. */
class CheckpointerTest {

  @TempDir Path dir;

  private static Association association(int i) {
    return new Association(
        MemoryHash.of("source-" + i),
        MemoryHash.of("target-" + i),
        RelationshipType.CAUSES,
        Similarity.of(0.5),
        ConnectionTypes.of("semantic"),
        Metadata.empty(),
        1.0);
  }

  @Test
  void commitsNeverCheckpoint_theCheckpointerCopiesTheWalBeside() throws Exception {
    Path file = dir.resolve("graph.db");
    try (SqliteGraphStore store = SqliteGraphStore.open(SqliteStoreConfig.of(file))) {
      try (Statement s = store.session().connection().createStatement();
          ResultSet rs = s.executeQuery("PRAGMA wal_autocheckpoint")) {
        assertThat(rs.getInt(1)).as("the store's own commits do not checkpoint").isZero();
      }
      for (int i = 0; i < 1_500; i++) {
        store.associations().store(association(i));
      }
      Path wal = dir.resolve("graph.db-wal");
      assertThat(Files.size(wal)).as("more than SQLite's 1,000-page auto-checkpoint").isPositive();

      // Nothing else checkpoints here: the main file takes in the pages only from the checkpointer.
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(Files.size(file))
                      .as("the main file holds the checkpointed pages")
                      .isGreaterThan(512 * 1024));
    }
  }
}
