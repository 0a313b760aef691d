package io.hybridgraph.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 2: a device whose volume holds an existing graph (a SQLite file written as the Python
 * service writes it) runs the initial sync and every row arrives in D1 with equal content; with
 * 100,000 associations the device is killed in the middle of the upload, restarted on its volume,
 * resumes from its checkpoint and finishes without duplicates.
 */
class InitialSyncIT {

  private static final String DB_PATH = "/data/memory_graph.db";

  @RegisterExtension final ScenarioContainers containers = new ScenarioContainers();

  @Test
  void existingGraphOf2730AssociationsArrivesInD1WithEqualContent(@TempDir Path dir)
      throws Exception {
    List<PythonDatabases.Row> rows = PythonDatabases.graph(2_730);
    Path file = dir.resolve("memory_graph.db");
    PythonDatabases.createSchema(file);
    PythonDatabases.insert(file, rows);
    containers.startD1();
    Device device =
        containers.startDevice(
            new ScenarioContainers.DeviceSpec("device-a").database(file, DB_PATH));
    long requestsBefore = containers.d1Requests();
    long start = System.nanoTime();
    InitialSyncs.run(device, Duration.ofSeconds(60));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    long requests = containers.d1Requests() - requestsBefore;

    JsonNode remote =
        containers.d1.query(
            "SELECT source_hash, target_hash, similarity, connection_types, metadata,"
                + " created_at, relationship_type, deleted FROM memory_graph");
    assertThat(remote.size()).as("rows in D1").isEqualTo(rows.size());
    Map<String, JsonNode> byKey = new HashMap<>();
    remote.forEach(
        r -> byKey.put(r.path("source_hash").asText() + r.path("target_hash").asText(), r));
    for (PythonDatabases.Row row : rows) {
      assertSame(row, byKey.get(row.source() + row.target()));
    }
    JsonNode status = device.get("/api/sync/graph/status").json();
    assertThat(status.path("pending").asLong()).isZero();
    assertThat(status.path("parked").asLong()).isZero();
    System.out.printf(
        "scenario 2 (2,730 associations, %d rows): initial sync %d ms, %d D1 requests; all %d"
            + " rows equal in D1%n",
        rows.size(), elapsedMs, requests, remote.size());
  }

  @Test
  void initialSyncOf100000AssociationsResumesAfterAKillWithoutDuplicates(@TempDir Path dir)
      throws Exception {
    List<PythonDatabases.Row> rows = PythonDatabases.graph(100_000);
    Path file = dir.resolve("memory_graph.db");
    PythonDatabases.createSchema(file);
    PythonDatabases.insert(file, rows);
    containers.startD1();
    String volume = containers.newVolume();
    long startFirst = System.nanoTime();
    Device first =
        containers.startDevice(
            new ScenarioContainers.DeviceSpec("device-a").volume(volume).database(file, DB_PATH));
    long openMs = (System.nanoTime() - startFirst) / 1_000_000;
    long requestsBefore = containers.d1Requests();
    long start = System.nanoTime();
    InitialSyncs.start(first);
    AtomicLong doneAtKill = new AtomicLong();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              JsonNode p = InitialSyncs.progress(first);
              assertThat(p.path("phase").asText() + p.path("finished").asBoolean())
                  .as("the upload must still run when the kill is due: %s", p)
                  .isNotEqualTo("uploadtrue")
                  .isNotEqualTo("downloadtrue")
                  .isNotEqualTo("downloadfalse");
              doneAtKill.set(p.path("done").asLong());
              return "upload".equals(p.path("phase").asText())
                  && p.path("done").asLong() >= rows.size() / 4;
            });
    containers.kill(first);
    long killedAfterMs = (System.nanoTime() - start) / 1_000_000;
    long requestsFirst = containers.d1Requests() - requestsBefore;
    long inD1AtKill = liveRows();

    long restart = System.nanoTime();
    Device second =
        containers.startDevice(
            new ScenarioContainers.DeviceSpec("device-a")
                .volume(volume)
                .env("HYBRID_GRAPH_DB_PATH", DB_PATH));
    long restartMs = (System.nanoTime() - restart) / 1_000_000;
    assertThat(second.get("/api/sync/graph/status").json().path("initial_upload_done").asBoolean())
        .as("upload not done before the resume")
        .isFalse();
    long requestsBeforeResume = containers.d1Requests();
    long resume = System.nanoTime();
    int finishedBefore = InitialSyncs.start(second);
    AtomicLong resumedFrom = new AtomicLong(-1);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(
            () -> {
              JsonNode p = InitialSyncs.progress(second);
              if (resumedFrom.get() < 0 && "upload".equals(p.path("phase").asText())) {
                resumedFrom.set(p.path("done").asLong());
              }
              return InitialSyncs.finished(second, finishedBefore);
            });
    long resumeMs = (System.nanoTime() - resume) / 1_000_000;
    long requestsResume = containers.d1Requests() - requestsBeforeResume;
    long totalMs = (System.nanoTime() - start) / 1_000_000;

    JsonNode status = second.get("/api/sync/graph/status").json();
    JsonNode stats = second.get("/api/graph/stats").json();
    assertThat(stats.path("total_rows").asLong()).as("local rows").isEqualTo(rows.size());
    assertThat(status.path("pending").asLong()).as("outbox").isZero();
    assertThat(status.path("parked").asLong()).as("parked").isZero();
    JsonNode counts =
        containers
            .d1
            .query(
                "SELECT count(*) AS n, sum(deleted = 0) AS live,"
                    + " count(DISTINCT source_hash || '/' || target_hash) AS keys,"
                    + " count(DISTINCT change_seq) AS seqs, max(change_seq) AS max_seq,"
                    + " sum(similarity) AS sim FROM memory_graph")
            .path(0);
    assertThat(counts.path("n").asLong()).as("rows in D1").isEqualTo(rows.size());
    assertThat(counts.path("live").asLong()).as("live rows in D1").isEqualTo(rows.size());
    assertThat(counts.path("keys").asLong()).as("distinct keys in D1").isEqualTo(rows.size());
    double similarity = rows.stream().mapToDouble(PythonDatabases.Row::similarity).sum();
    assertThat(counts.path("sim").asDouble()).isCloseTo(similarity, within(1e-3));
    JsonNode byType =
        containers.d1.query(
            "SELECT relationship_type AS t, count(*) AS n FROM memory_graph GROUP BY 1");
    Map<String, Long> expectedTypes = new HashMap<>();
    rows.forEach(r -> expectedTypes.merge(r.relationshipType(), 1L, Long::sum));
    Map<String, Long> actualTypes = new HashMap<>();
    byType.forEach(r -> actualTypes.put(r.path("t").asText(), r.path("n").asLong()));
    assertThat(actualTypes).isEqualTo(expectedTypes);
    // A sample of rows compared in full.
    for (int i = 0; i < rows.size(); i += rows.size() / 50) {
      PythonDatabases.Row row = rows.get(i);
      JsonNode remote =
          containers
              .d1
              .query(
                  "SELECT source_hash, target_hash, similarity, connection_types, metadata,"
                      + " created_at, relationship_type, deleted FROM memory_graph"
                      + " WHERE source_hash = ? AND target_hash = ?",
                  row.source(),
                  row.target())
              .path(0);
      assertSame(row, remote);
    }
    assertThat(resumedFrom.get())
        .as("the resumed upload starts from the checkpoint")
        .isGreaterThan(0)
        .isLessThanOrEqualTo(inD1AtKill);

    System.out.printf(
        "scenario 2 (100,000 associations, %d rows): first start (adoption) %d ms; killed"
            + " %d ms into the upload at %d rows reported done (%d rows in D1, %d D1"
            + " requests); restart %d ms; resumed from checkpoint %d, finished in %d ms with %d"
            + " D1 requests; %d ms from the first start of the sync to the end; D1: %d rows, %d"
            + " distinct keys, %d distinct change_seq (max %d); outbox pending %d%n",
        rows.size(),
        openMs,
        killedAfterMs,
        doneAtKill.get(),
        inD1AtKill,
        requestsFirst,
        restartMs,
        resumedFrom.get(),
        resumeMs,
        requestsResume,
        totalMs,
        counts.path("n").asLong(),
        counts.path("keys").asLong(),
        counts.path("seqs").asLong(),
        counts.path("max_seq").asLong(),
        status.path("pending").asLong());
  }

  private long liveRows() throws Exception {
    return containers
        .d1
        .query("SELECT count(*) AS n FROM memory_graph WHERE deleted = 0")
        .path(0)
        .path("n")
        .asLong();
  }

  private static void assertSame(PythonDatabases.Row row, JsonNode remote) throws Exception {
    assertThat(remote).as("row %s -> %s in D1", row.source(), row.target()).isNotNull();
    assertThat(remote.isMissingNode()).as("row %s in D1", row.source()).isFalse();
    assertThat(remote.path("deleted").asInt()).isZero();
    assertThat(remote.path("similarity").asDouble()).isEqualTo(row.similarity());
    assertThat(remote.path("relationship_type").asText()).isEqualTo(row.relationshipType());
    assertThat(remote.path("created_at").asDouble()).isCloseTo(row.createdAt(), within(1e-3));
    assertThat(Device.JSON.readTree(remote.path("connection_types").asText()))
        .isEqualTo(Device.JSON.readTree(row.connectionTypes()));
    assertThat(Device.JSON.readTree(remote.path("metadata").asText()))
        .isEqualTo(Device.JSON.readTree(row.metadata()));
  }
}
