package io.hybridgraph.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 8: a database created by the Python memory service (its tables, indexes and rows, legacy
 * bare-string connection types and symmetric mirror rows included) is opened in place by device A
 * and synced to device B by the initial sync; B shows the same associations, and A's other tables
 * are untouched.
 */
class PythonDatabaseIT {

  private static final String DB_PATH = "/data/sqlite_vec.db";
  @RegisterExtension final ScenarioContainers containers = new ScenarioContainers();

  @Test
  void pythonDatabaseOpenedInPlaceOnAReachesBAndItsOtherTablesAreUntouched(@TempDir Path dir)
      throws Exception {
    Path original = dir.resolve("sqlite_vec.db");
    PythonDatabases.createSchema(original);
    List<PythonDatabases.Row> rows = new ArrayList<>(PythonDatabases.graph(60));
    // Legacy rows: bare-string connection types, NULL metadata, symmetric mirrors, a contradiction.
    String x = Hashes.fresh();
    String y = Hashes.fresh();
    String z = Hashes.fresh();
    rows.add(new PythonDatabases.Row(x, y, 0.7, "semantic", null, 1_690_000_000.5, "related"));
    rows.add(new PythonDatabases.Row(y, x, 0.7, "semantic", null, 1_690_000_000.5, "related"));
    rows.add(new PythonDatabases.Row(y, z, 0.4, "temporal", "{}", 1_690_000_001.0, "causes"));
    rows.add(
        new PythonDatabases.Row(
            x, z, 0.9, "[\"semantic\", \"causal\"]", null, 1_690_000_002.0, "contradicts"));
    rows.add(
        new PythonDatabases.Row(
            z, x, 0.9, "[\"semantic\", \"causal\"]", null, 1_690_000_002.0, "contradicts"));
    PythonDatabases.insert(original, rows);
    List<String> memoriesBefore = PythonDatabases.dump(original, "memories");
    List<String> metadataBefore = PythonDatabases.dump(original, "metadata");
    List<String> schemaBefore = new ArrayList<>(PythonDatabases.schemaOf(original, "memories"));
    schemaBefore.addAll(PythonDatabases.schemaOf(original, "metadata"));
    Set<String> hashes = new TreeSet<>();
    for (PythonDatabases.Row r : rows) {
      hashes.add(r.source());
      hashes.add(r.target());
    }

    containers.startD1();
    Device a =
        containers.startDevice(
            new ScenarioContainers.DeviceSpec("device-a").database(original, DB_PATH));
    Device b = containers.startDevice(new ScenarioContainers.DeviceSpec("device-b"));

    JsonNode statsA = a.get("/api/graph/stats").json();
    assertThat(statsA.path("total_rows").asLong()).as("rows adopted on A").isEqualTo(rows.size());

    long start = System.nanoTime();
    InitialSyncs.run(a, Duration.ofSeconds(60));
    long aMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(
            containers
                .d1
                .query("SELECT count(*) AS n FROM memory_graph WHERE deleted = 0")
                .path(0)
                .path("n")
                .asLong())
        .as("live rows in D1")
        .isEqualTo(rows.size());
    long startB = System.nanoTime();
    InitialSyncs.run(b, Duration.ofSeconds(60));
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> b.get("/api/graph/stats").json().equals(a.get("/api/graph/stats").json()));
    long bMs = (System.nanoTime() - startB) / 1_000_000;

    for (String hash : hashes) {
      String path = "/api/graph/memories/" + hash + "/associations?direction=both";
      Device.Answer onA = a.get(path);
      Device.Answer onB = b.get(path);
      assertThat(onA.status()).as("A %s: %s", hash, onA).isEqualTo(200);
      assertThat(onB.status()).as("B %s: %s", hash, onB).isEqualTo(200);
      assertThat(sorted(onB.json()))
          .as("associations of %s on B", hash)
          .isEqualTo(sorted(onA.json()));
    }
    JsonNode legacy = b.get("/api/graph/associations/" + x + "/" + y).json();
    assertThat(legacy.path("connection_types").toString()).isEqualTo("[\"semantic\"]");
    assertThat(legacy.path("relationship_type").asText()).isEqualTo("related");
    assertThat(b.get("/api/graph/associations/" + y + "/" + x).status()).isEqualTo(200);
    assertThat(
            b.get("/api/graph/associations/" + z + "/" + x)
                .json()
                .path("relationship_type")
                .asText())
        .isEqualTo("contradicts");

    containers.stopGracefully(a);
    Path after = dir.resolve("after.db");
    a.container.copyFileFromContainer(DB_PATH, after.toString());
    try {
      a.container.copyFileFromContainer(DB_PATH + "-wal", dir.resolve("after.db-wal").toString());
    } catch (RuntimeException e) {
      // no write-ahead log left after a clean close
    }
    assertThat(PythonDatabases.dump(after, "memories")).isEqualTo(memoriesBefore);
    assertThat(PythonDatabases.dump(after, "metadata")).isEqualTo(metadataBefore);
    List<String> schemaAfter = new ArrayList<>(PythonDatabases.schemaOf(after, "memories"));
    schemaAfter.addAll(PythonDatabases.schemaOf(after, "metadata"));
    assertThat(schemaAfter).isEqualTo(schemaBefore);
    assertThat(PythonDatabases.dump(after, "memory_graph")).hasSize(rows.size());
    Files.deleteIfExists(after);

    System.out.printf(
        "scenario 8: Python database with %d memory_graph rows (%d relationships, %d memories):"
            + " initial sync on A %d ms, on B until identical %d ms; memories (%d rows) and"
            + " metadata (%d rows) untouched%n",
        rows.size(),
        statsA.path("total_relationships").asLong(),
        hashes.size(),
        aMs,
        bMs,
        memoriesBefore.size(),
        metadataBefore.size());
  }

  private static List<String> sorted(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.toString()));
    out.sort(null);
    return out;
  }
}
