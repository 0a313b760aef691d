package io.hybridgraph.app;

import static io.hybridgraph.app.TestServer.association;
import static io.hybridgraph.app.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridgraph.app.cli.RootCommand;
import io.hybridgraph.app.config.StoreSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A device sharing its file with the Python memory service, seen through the HTTP API and the
 * command line: rows the domain does not model never break a query, deletions made at once are held
 * and can be released or discarded, unreadable rows are set aside and removable, and HTTP and CLI
 * give the same answers.
 */
class CoexistenceHttpTest {

  @TempDir Path dir;

  private Path file() {
    return dir.resolve(StoreSettings.DEFAULT_DB_FILE);
  }

  /** Runs SQL on the device's file as another program would. */
  private void sql(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 10000");
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  /** The Python service's memories table, with these memories live. */
  private void memories(List<String> hashes) throws SQLException {
    List<String> statements = new ArrayList<>();
    statements.add(
        "CREATE TABLE IF NOT EXISTS memories (id INTEGER PRIMARY KEY AUTOINCREMENT, content_hash"
            + " TEXT UNIQUE NOT NULL, content TEXT NOT NULL, tags TEXT, memory_type TEXT, metadata"
            + " TEXT, created_at REAL, updated_at REAL, created_at_iso TEXT, updated_at_iso TEXT,"
            + " deleted_at REAL DEFAULT NULL)");
    for (String hash : hashes) {
      statements.add(
          "INSERT OR IGNORE INTO memories (content_hash, content) VALUES ('"
              + hash
              + "', 'memory "
              + hash
              + "')");
    }
    sql(statements.toArray(String[]::new));
  }

  private String cli(String... args) {
    Map<String, String> env = new HashMap<>(TestServer.env(dir, Map.of()));
    CommandLine cli = RootCommand.commandLine(env);
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    int code = cli.execute(args);
    assertThat(code).as(String.join(" ", args) + ": " + out).isZero();
    return out.toString();
  }

  @Test
  void entityLinksAndUnknownTypes_neverBreakAQuery_andAreCountedAsKeptLocal() throws Exception {
    memories(List.of("m1", "m2"));
    try (TestServer server = TestServer.start(dir, Map.of())) {
      assertThat(server.post("/api/graph/associations", association("m1", "m2", "causes", 0.5)))
          .satisfies(r -> assertThat(r.statusCode()).isEqualTo(201));
      sql(
          "INSERT INTO memory_graph (source_hash, target_hash, similarity, connection_types,"
              + " metadata, created_at, relationship_type) VALUES ('m1', 'Python', 1.0,"
              + " '[\"entity\"]', '{\"entity_type\": \"language\"}', 1.0, 'has_entity'),"
              + " ('m2', 'm3', 0.4, '[]', NULL, 1.0, ''), ('m2', 'm4', 0.4, '[]', NULL, 1.0,"
              + " 'likes')");

      for (String path :
          List.of(
              "/api/graph/memories/m1/connected?max_hops=3",
              "/api/graph/memories/m1/associations",
              "/api/graph/memories/m1/subgraph",
              "/api/graph/memories/m2/associations",
              "/api/graph/path?from=m1&to=m2",
              "/api/graph/stats")) {
        HttpResponse<String> response = server.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      }
      assertThat(server.get("/api/graph/associations/m1/Python").statusCode()).isEqualTo(404);
      JsonNode connected = json(server.get("/api/graph/memories/m1/connected?max_hops=3"));
      assertThat(connected).hasSize(1);
      assertThat(connected.get(0).path("hash").asText()).isEqualTo("m2");
      JsonNode stats = json(server.get("/api/graph/stats"));
      assertThat(stats.path("kept_local_rows").asLong()).isEqualTo(3);
      assertThat(stats.path("kept_local_by_type").path("has_entity").asLong()).isEqualTo(1);
      assertThat(stats.path("kept_local_by_type").path("likes").asLong()).isEqualTo(1);
    }

    String cliConnected = cli("connected", "m1", "--max-hops", "3", "--json");
    assertThat(TestServer.JSON.readTree(cliConnected)).hasSize(1);
    assertThat(cli("stats")).contains("kept local (not synced)").contains("has_entity");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM memory_graph WHERE target_hash = 'Python'")) {
      assertThat(rs.getInt(1)).as("the entity link is left exactly where it was").isEqualTo(1);
    }
  }

  @Test
  void manyDeletionsAtOnce_areHeld_listed_andDiscardedOrReleased() throws Exception {
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      hashes.add("h" + i);
    }
    memories(hashes);
    try (TestServer server = TestServer.start(dir, Map.of())) {
      for (int i = 0; i < 60; i++) {
        HttpResponse<String> stored =
            server.post(
                "/api/graph/associations",
                association("h" + 2 * i, "h" + (2 * i + 1), "causes", 0.5));
        assertThat(stored.statusCode()).isEqualTo(201);
      }
      long pendingBefore = json(server.get("/api/sync/graph/status")).path("pending").asLong();

      sql(
          "DELETE FROM memory_graph WHERE source_hash IN ("
              + String.join(", ", hashes.subList(0, 120).stream().map(h -> "'" + h + "'").toList())
              + ")");

      JsonNode held =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () -> json(server.get("/api/sync/graph/deletions")),
                  body -> body.path("batches").asInt() == 1);
      JsonNode batch = held.path("held").get(0);
      assertThat(batch.path("associations").asLong()).isEqualTo(60);
      assertThat(batch.path("first_rows")).hasSize(20);
      assertThat(json(server.get("/api/sync/graph/status")).path("pending").asLong())
          .as("held deletions are not queued")
          .isEqualTo(pendingBefore);
      assertThat(json(server.get("/api/graph/held")).path("counts").path("mass_deletion").asLong())
          .isEqualTo(60);
      JsonNode status =
          await()
              .atMost(Duration.ofSeconds(5))
              .until(
                  () -> json(server.get("/api/sync/graph/status")),
                  body -> body.path("held_deletions").path("associations").asLong() == 60);
      assertThat(status.path("held_deletions").path("batches").asLong()).isEqualTo(1);
      JsonNode health = json(server.get("/health"));
      assertThat(health.path("status").asText()).isEqualTo("degraded");
      assertThat(health.path("held_deletions").asLong()).isEqualTo(60);
      assertThat(health.path("reason").asText()).contains("mass-deletion guard");
      assertThat(server.get("/metrics").body()).contains("hybrid_graph_sync_held_deletions 60.0");
      assertThat(cli("sync", "status")).contains("60 in 1 batch(es)");
      String listed = cli("sync", "deletions");
      assertThat(listed).contains("60 of 60");

      long id = batch.path("batch").asLong();
      HttpResponse<String> discarded =
          server.post("/api/sync/graph/deletions/" + id + "/discard", "");
      assertThat(discarded.statusCode()).as(discarded.body()).isEqualTo(200);
      assertThat(json(discarded).path("restored_rows").asLong()).isEqualTo(60);
      assertThat(server.get("/api/graph/associations/h0/h1").statusCode()).isEqualTo(200);
      assertThat(json(server.get("/api/sync/graph/deletions")).path("batches").asInt()).isZero();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> json(server.get("/health")).path("status").asText().equals("ok"));
      assertThat(server.post("/api/sync/graph/deletions/" + id + "/release", "").statusCode())
          .as("a batch that is gone")
          .isEqualTo(404);
      assertThat(server.post("/api/sync/graph/deletions/x1/release", "").statusCode())
          .isEqualTo(400);

      sql("DELETE FROM memory_graph");
      JsonNode again =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () -> json(server.get("/api/sync/graph/deletions")),
                  body -> body.path("batches").asInt() == 1);
      long second = again.path("held").get(0).path("batch").asLong();
      HttpResponse<String> released =
          server.post("/api/sync/graph/deletions/" + second + "/release", "");
      assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
      assertThat(json(server.get("/api/sync/graph/status")).path("pending").asLong())
          .as("released deletions are queued for sync")
          .isGreaterThan(pendingBefore);
      assertThat(server.get("/api/graph/associations/h0/h1").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void unreadableRow_isSetAside_listed_andRemovable() throws Exception {
    try (TestServer server = TestServer.start(dir, Map.of())) {
      assertThat(server.post("/api/graph/associations", association("a", "b", "related", 0.5)))
          .satisfies(r -> assertThat(r.statusCode()).isEqualTo(201));
      sql(
          "INSERT INTO memory_graph (source_hash, target_hash, similarity, connection_types,"
              + " metadata, created_at, relationship_type) VALUES ('x', 'x', 0.5, '[]', NULL, 1.0,"
              + " 'related')");

      JsonNode listed =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () -> json(server.get("/api/graph/set-aside")),
                  body -> body.path("count").asLong() == 1);
      JsonNode row = listed.path("rows").get(0);
      assertThat(row.path("source").asText()).isEqualTo("x");
      assertThat(row.path("reason").asText()).contains("two different memories");
      assertThat(json(server.get("/api/graph/stats")).path("set_aside_rows").asLong()).isEqualTo(1);
      assertThat(server.get("/api/graph/memories/a/connected").statusCode()).isEqualTo(200);

      HttpResponse<String> removed =
          server.delete("/api/graph/set-aside/" + row.path("id").asLong());
      assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
      assertThat(json(server.get("/api/graph/set-aside")).path("count").asLong()).isZero();
      assertThat(server.delete("/api/graph/set-aside/999").statusCode()).isEqualTo(404);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM memory_graph WHERE source_hash = 'x'")) {
      assertThat(rs.getInt(1)).isZero();
    }
    assertThat(cli("set-aside")).contains("No rows are set aside.");
  }
}
