package io.hybridgraph.app;

import static io.hybridgraph.app.TestServer.association;
import static io.hybridgraph.app.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridgraph.app.config.StoreSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device an older build bricked: two different lone surrogates ({@code "x\ud800"} and {@code
 * "x\udc00"}) were stored by SQLite as the same text {@code x?}, leaving a self-loop in the view,
 * the replicated state and the outbox, after which the device would not start. Today the request is
 * refused (HostileInputTest); a file that already holds such rows starts, answers, reports them
 * truthfully, and lets a person remove them.
 */
class BrokenRowRestartTest {

  @TempDir Path dir;

  private void breakTheFile() throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve(StoreSettings.DEFAULT_DB_FILE));
        Statement s = c.createStatement()) {
      for (String table : List.of("memory_graph", "graph_sync_replica")) {
        s.execute(
            "INSERT INTO "
                + table
                + " SELECT 'x?', 'x?', "
                + (table.equals("memory_graph")
                    ? "similarity, connection_types, metadata, created_at, relationship_type"
                    : "causal_length, hlc, deleted, relationship_type, similarity,"
                        + " connection_types, metadata, created_at")
                + " FROM "
                + table
                + " WHERE source_hash = 'a' AND target_hash = 'b'");
      }
      s.execute(
          "INSERT INTO graph_sync_outbox (source_hash, target_hash, enqueued_at)"
              + " VALUES ('x?', 'x?', 1)");
    }
  }

  @Test
  void selfLoopLeftByAnOlderBuild_neverStopsTheDevice_andIsReportedAndRemovable() throws Exception {
    try (TestServer server = TestServer.start(dir, Map.of())) {
      assertThat(server.post("/api/graph/associations", association("a", "b", "causes", 0.5)))
          .satisfies(r -> assertThat(r.statusCode()).isEqualTo(201));
    }
    breakTheFile();

    for (int start = 1; start <= 2; start++) {
      try (TestServer server = TestServer.start(dir, Map.of())) {
        assertThat(server.get("/api/graph/memories/a/connected").statusCode()).isEqualTo(200);
        assertThat(server.get("/api/graph/associations/a/b").statusCode()).isEqualTo(200);
        JsonNode stats = json(server.get("/api/graph/stats"));
        assertThat(stats.path("total_relationships").asLong()).isEqualTo(1);
        assertThat(stats.path("set_aside_rows").asLong()).as("start %d", start).isPositive();
        JsonNode health = json(server.get("/health"));
        assertThat(health.path("status").asText()).isEqualTo("degraded");
        assertThat(health.path("reason").asText()).contains("set aside");
        JsonNode status = json(server.get("/api/sync/graph/status"));
        assertThat(status.path("set_aside_rows").asLong()).isPositive();
        assertThat(status.path("last_error").isNull()).isTrue();
        assertThat(status.path("pending").asLong())
            .as("the self-loop left the outbox; the good change still waits")
            .isEqualTo(1);
      }
    }

    try (TestServer server = TestServer.start(dir, Map.of())) {
      for (JsonNode row : json(server.get("/api/graph/set-aside")).path("rows")) {
        assertThat(row.path("source").asText()).isEqualTo("x?");
        assertThat(server.delete("/api/graph/set-aside/" + row.path("id").asLong()).statusCode())
            .isEqualTo(200);
      }
      assertThat(json(server.get("/api/graph/set-aside")).path("count").asLong()).isZero();
      assertThat(json(server.get("/health")).path("status").asText()).isEqualTo("ok");
    }
  }
}
