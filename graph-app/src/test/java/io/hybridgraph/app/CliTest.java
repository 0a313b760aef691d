package io.hybridgraph.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridgraph.app.cli.RootCommand;
import io.hybridgraph.app.config.AppConfig;
import io.hybridgraph.app.config.HttpSettings;
import io.hybridgraph.app.config.StoreSettings;
import io.hybridgraph.app.config.SyncSettings;
import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Server;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.ConnectionTypes;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.Metadata;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.Similarity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line on a temp database, output captured. */
class CliTest {

  @TempDir Path dir;
  private Path envFile;

  /** What a command printed and returned. */
  record Run(int code, String out, String err) {}

  @BeforeEach
  void emptyEnvFile() throws IOException {
    envFile = Files.writeString(dir.resolve("test.env"), "# no settings\n");
  }

  private Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(TestServer.env(dir, Map.of()));
    env.putAll(extra);
    return env;
  }

  private Run run(Map<String, String> extra, String... args) {
    CommandLine cli = RootCommand.commandLine(env(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("--env-file", envFile.toString()));
    all.addAll(List.of(args));
    int code = cli.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private void seed(Map<String, String> extra) {
    try (Application app = Application.open(AppConfig.fromEnvironment(env(extra)))) {
      app.graph().store().store(association("a", "b", RelationshipType.RELATED));
      app.graph().store().store(association("b", "c", RelationshipType.CAUSES));
    }
  }

  private static Association association(String s, String t, RelationshipType type) {
    return new Association(
        MemoryHash.of(s),
        MemoryHash.of(t),
        type,
        Similarity.of(0.8),
        ConnectionTypes.of("semantic"),
        Metadata.empty(),
        1_700_000_000.0);
  }

  private static JsonNode json(String text) throws IOException {
    return TestServer.JSON.readTree(text);
  }

  @Test
  void stats_printsATable_orJson() throws IOException {
    seed(Map.of());

    Run table = run(Map.of(), "stats");
    Run json = run(Map.of(), "stats", "--json");

    assertThat(table.code()).isZero();
    assertThat(table.out()).containsPattern("relationships\\s+2").containsPattern("causes\\s+1");
    assertThat(json.code()).isZero();
    assertThat(json(json.out()).path("total_rows").asLong()).isEqualTo(3);
  }

  @Test
  void connected_printsHashesAndDistances() throws IOException {
    seed(Map.of());

    Run table = run(Map.of(), "connected", "a", "--max-hops", "2");
    Run json = run(Map.of(), "connected", "a", "--json", "--direction", "outgoing");

    assertThat(table.code()).isZero();
    assertThat(table.out())
        .contains("HASH", "DISTANCE")
        .containsPattern("b\\s+1")
        .containsPattern("c\\s+2");
    assertThat(json(json.out()).toString())
        .isEqualTo("[{\"hash\":\"b\",\"distance\":1},{\"hash\":\"c\",\"distance\":2}]");
  }

  @Test
  void path_printsTheSteps_andFailsWhenThereIsNone() throws IOException {
    seed(Map.of());

    Run found = run(Map.of(), "path", "a", "c");
    Run json = run(Map.of(), "path", "a", "c", "--json");
    Run none = run(Map.of(), "path", "c", "a", "--direction", "outgoing");

    assertThat(found.code()).isZero();
    assertThat(found.out())
        .containsPattern("1\\s+b\\s+related")
        .containsPattern("2\\s+c\\s+causes");
    assertThat(json(json.out()).path("path").toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.out()).contains("No path from c to a");
  }

  @Test
  void subgraph_printsNodesAndEdges() throws IOException {
    seed(Map.of());

    Run table = run(Map.of(), "subgraph", "a", "--radius", "2");
    Run json = run(Map.of(), "subgraph", "a", "--json");

    assertThat(table.code()).isZero();
    assertThat(table.out()).contains("NODE", "SOURCE", "related <->", "causes ->");
    assertThat(json(json.out()).path("nodes")).hasSize(3);
  }

  @Test
  void badOption_isAUsageError() {
    seed(Map.of());

    Run run = run(Map.of(), "connected", "a", "--direction", "sideways");

    assertThat(run.code()).isEqualTo(RootCommand.CONFIG_ERROR);
    assertThat(run.err()).contains("unknown direction 'sideways'");
  }

  @Test
  void configurationError_namesTheVariable() {
    Run run = run(Map.of(HttpSettings.PORT, "eighty"), "stats");

    assertThat(run.code()).isEqualTo(RootCommand.CONFIG_ERROR);
    assertThat(run.err()).contains("HYBRID_GRAPH_HTTP_PORT must be a whole number, was 'eighty'");
  }

  @Test
  void syncStatus_whenOff_saysSo_andForceSaysHowToTurnItOn() {
    seed(Map.of());

    Run status = run(Map.of(), "sync", "status");
    Run force = run(Map.of(), "sync", "force");

    assertThat(status.code()).isZero();
    assertThat(status.out()).containsPattern("sync\\s+off").containsPattern("pending\\s+3");
    assertThat(force.code()).isEqualTo(RootCommand.CONFIG_ERROR);
    assertThat(force.err()).contains("CLOUDFLARE_API_TOKEN");
  }

  @Test
  void doctor_withALocalSetup_passes() {
    Run run = run(Map.of(), "doctor");

    assertThat(run.code()).as(run.out()).isZero();
    assertThat(run.out())
        .contains("[ok]   configuration", "[ok]   database", "sync is off", "All checks passed.");
  }

  @Test
  void doctor_reportsEveryProblem_withAFix() {
    Run config = run(Map.of(HttpSettings.PORT, "99999"), "doctor");
    Run binding = run(Map.of(HttpSettings.HOST, "0.0.0.0"), "doctor");

    assertThat(config.code()).isEqualTo(1);
    assertThat(config.out()).contains("[FAIL] configuration", "HYBRID_GRAPH_HTTP_PORT", "fix:");
    assertThat(binding.code()).isEqualTo(1);
    assertThat(binding.out()).contains("[FAIL] http", "HYBRID_GRAPH_API_TOKEN");
  }

  @Test
  void doctor_readsADatabaseOfThePythonService_withoutChangingIt() throws Exception {
    Path python = dir.resolve("python/sqlite_vec.db");
    Files.createDirectories(python.getParent());
    try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + python);
        var statement = connection.createStatement()) {
      statement.execute("CREATE TABLE memories (id INTEGER PRIMARY KEY, content TEXT)");
      statement.execute(
          "CREATE TABLE memory_graph (source_hash TEXT NOT NULL, target_hash TEXT NOT NULL,"
              + " similarity REAL NOT NULL, connection_types TEXT NOT NULL, metadata TEXT,"
              + " created_at REAL NOT NULL, PRIMARY KEY (source_hash, target_hash))");
      statement.execute("INSERT INTO memory_graph VALUES ('a', 'b', 0.5, 'semantic', NULL, 1.0)");
    }
    byte[] before = Files.readAllBytes(python);
    Path missing = dir.resolve("fresh/graph.db");

    Run adopt = run(Map.of(StoreSettings.DB_PATH, python.toString()), "doctor");
    Run fresh = run(Map.of(StoreSettings.DB_PATH, missing.toString()), "doctor");

    assertThat(adopt.code()).as(adopt.out()).isZero();
    assertThat(adopt.out())
        .contains(
            "[ok]   database",
            "made by another program (schema 1, 1 rows in memory_graph)",
            "applies 5 migration(s) up to version 6",
            "back the file up first");
    assertThat(Files.readAllBytes(python)).isEqualTo(before);
    try (var files = Files.list(python.getParent())) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("sqlite_vec.db");
    }
    assertThat(fresh.out()).contains("no graph yet; the first start creates the schema");
    assertThat(missing.getParent()).doesNotExist();
  }

  @Test
  void serve_onANonLoopbackAddressWithoutToken_isAConfigurationError() {
    Run run = run(Map.of(HttpSettings.HOST, "0.0.0.0"), "serve");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("refusing to listen on 0.0.0.0", "HYBRID_GRAPH_API_TOKEN");
  }

  @Test
  void doctor_unwritableDatabaseDirectory_fails() throws IOException {
    Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");

    Run run = run(Map.of(StoreSettings.DB_PATH, blocker.resolve("graph.db").toString()), "doctor");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("[FAIL] database", "fix:");
  }

  @Test
  void withALocalD1_doctorChecksTheCloud_andSyncCommandsWork() throws IOException {
    try (LocalD1Database d1 = LocalD1Server.get().lease()) {
      Map<String, String> cloud = SyncHttpTest.cloud(d1);
      seed(cloud);

      Run doctor = run(cloud, "doctor");
      assertThat(doctor.code()).as(doctor.out()).isZero();
      assertThat(doctor.out()).contains("[ok]   cloud: D1 at", "[ok]   permissions");
      assertThat(doctor.out() + doctor.err()).doesNotContain(d1.token());

      Run initial = run(cloud, "sync", "initial");
      assertThat(initial.code()).as(initial.out() + initial.err()).isZero();
      assertThat(initial.out()).contains("upload", "[", "Initial sync done: 3 uploaded");

      Run force = run(cloud, "sync", "force", "--json");
      assertThat(force.code()).isZero();
      assertThat(json(force.out()).path("remaining").asLong()).isZero();

      Run status = run(cloud, "sync", "status");
      assertThat(status.out())
          .containsPattern("sync\\s+on")
          .containsPattern("initial upload\\s+done");

      Run drift = run(cloud, "drift", "check", "--repair");
      assertThat(drift.code()).as(drift.out() + drift.err()).isZero();
      assertThat(drift.out()).contains("0 of", "buckets differ");
    }
  }

  @Test
  void doctor_wrongCloudToken_saysToFixTheToken_withoutShowingIt() {
    try (LocalD1Database d1 = LocalD1Server.get().lease()) {
      Map<String, String> cloud = new HashMap<>(SyncHttpTest.cloud(d1));
      cloud.put(SyncSettings.API_TOKEN, "wrong-token-abcdefgh");

      Run run = run(cloud, "doctor");

      assertThat(run.code()).isEqualTo(1);
      assertThat(run.out()).contains("[FAIL] cloud", "API token", "fix:");
      assertThat(run.out())
          .contains("meanwhile: serve still serves the local graph", SyncSettings.ACCESS_RETRY_MS);
      assertThat(run.out()).doesNotContain("wrong-token-abcdefgh");
    }
  }
}
