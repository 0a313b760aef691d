package io.hybridgraph.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.Container;

/**
 * Scenario 7: drift made behind the app's back, a row changed and a row removed directly in D1 and
 * a row changed directly in device B's SQLite file (with the image's {@code sqlite3}), is found and
 * repaired by the drift check ({@code POST /api/sync/graph/drift?repair=true}): afterwards both
 * devices and D1 agree.
 */
class DriftIT {

  private static final Duration LIMIT = Duration.ofSeconds(20);
  @RegisterExtension final ScenarioContainers containers = new ScenarioContainers();

  @Test
  void driftCheckFindsAndRepairsEditsMadeBehindTheAppsBack() throws Exception {
    containers.startD1();
    Device a = containers.startDevice("device-a");
    Device b = containers.startDevice("device-b");
    String[] editedInD1 = {Hashes.fresh(), Hashes.fresh()};
    String[] removedFromD1 = {Hashes.fresh(), Hashes.fresh()};
    String[] editedInSqlite = {Hashes.fresh(), Hashes.fresh()};
    for (String[] pair : List.of(editedInD1, removedFromD1, editedInSqlite)) {
      Device.Answer stored =
          a.postJson(
              "/api/graph/associations",
              """
              {"source_hash": "%s", "target_hash": "%s", "similarity": 0.5,
               "relationship_type": "supports", "metadata": {"origin": "app"}}"""
                  .formatted(pair[0], pair[1]));
      assertThat(stored.status()).as("store: %s", stored).isEqualTo(201);
    }
    Waits.until(
        "baseline on device B and in D1",
        LIMIT,
        () ->
            pending(a) == 0
                && similarity(b, editedInD1) == 0.5
                && similarity(b, removedFromD1) == 0.5
                && similarity(b, editedInSqlite) == 0.5);

    // Behind the app's back: in D1 ...
    containers.d1.query(
        "UPDATE memory_graph SET similarity = 0.11, metadata = ?"
            + " WHERE source_hash = ? AND target_hash = ?",
        "{\"origin\": \"d1\"}",
        editedInD1[0],
        editedInD1[1]);
    containers.d1.query(
        "DELETE FROM memory_graph WHERE source_hash = ? AND target_hash = ?",
        removedFromD1[0],
        removedFromD1[1]);
    // ... and in device B's SQLite file.
    Container.ExecResult sql =
        b.container.execInContainer(
            "sqlite3",
            "-cmd",
            ".timeout 5000",
            "/data/memory_graph.db",
            "UPDATE memory_graph SET similarity = 0.77 WHERE source_hash = '"
                + editedInSqlite[0]
                + "' AND target_hash = '"
                + editedInSqlite[1]
                + "';");
    assertThat(sql.getExitCode()).as("sqlite3 in device B: %s", sql.getStderr()).isZero();
    assertThat(d1Row(removedFromD1).isMissingNode()).as("row removed from D1").isTrue();

    long start = System.nanoTime();
    Device.Answer driftB = b.postJson("/api/sync/graph/drift?repair=true", "");
    assertThat(driftB.status()).as("drift on device B: %s", driftB).isEqualTo(200);
    Device.Answer driftA = a.postJson("/api/sync/graph/drift?repair=true", "");
    assertThat(driftA.status()).as("drift on device A: %s", driftA).isEqualTo(200);
    long driftMs = (System.nanoTime() - start) / 1_000_000;

    long agreeMs =
        Waits.until(
            "device A, device B and D1 agree",
            LIMIT,
            () ->
                similarity(a, editedInD1) == 0.11
                    && similarity(b, editedInD1) == 0.11
                    && d1Row(editedInD1).path("similarity").asDouble() == 0.11
                    && similarity(a, removedFromD1) == 0.5
                    && similarity(b, removedFromD1) == 0.5
                    && d1Row(removedFromD1).path("similarity").asDouble() == 0.5
                    && similarity(a, editedInSqlite) == 0.77
                    && similarity(b, editedInSqlite) == 0.77
                    && d1Row(editedInSqlite).path("similarity").asDouble() == 0.77);
    assertThat(a.get(path(editedInD1)).json().path("metadata").path("origin").asText())
        .isEqualTo("d1");
    assertThat(b.get(path(editedInD1)).json().path("metadata").path("origin").asText())
        .isEqualTo("d1");
    // A second check on each device finds nothing left to repair.
    JsonNode againA = a.postJson("/api/sync/graph/drift", "").json();
    JsonNode againB = b.postJson("/api/sync/graph/drift", "").json();

    System.out.printf(
        "scenario 7: drift repair on device B: %s; on device A: %s (both in %d ms); device A,"
            + " device B and D1 agreed %d ms after the repair; a second check: A %s, B %s%n",
        driftB.body(), driftA.body(), driftMs, agreeMs, againA, againB);
    JsonNode reportB = driftB.json();
    JsonNode reportA = driftA.json();
    assertThat(
            reportB.path("buckets_differing").asLong() + reportA.path("buckets_differing").asLong())
        .as("buckets found differing")
        .isPositive();
    assertThat(reportB.path("pushed").asLong() + reportA.path("pushed").asLong())
        .as("rows pushed back to D1 by the repair")
        .isPositive();
    assertThat(againA.path("buckets_differing").asLong()).isZero();
    assertThat(againB.path("buckets_differing").asLong()).isZero();
  }

  private static String path(String[] pair) {
    return "/api/graph/associations/" + pair[0] + "/" + pair[1];
  }

  private static double similarity(Device device, String[] pair) throws Exception {
    Device.Answer answer = device.get(path(pair));
    return answer.status() == 200 ? answer.json().path("similarity").asDouble() : -1;
  }

  private JsonNode d1Row(String[] pair) throws Exception {
    return containers
        .d1
        .query(
            "SELECT similarity, metadata, hlc FROM memory_graph"
                + " WHERE source_hash = ? AND target_hash = ? AND deleted = 0",
            pair[0],
            pair[1])
        .path(0);
  }

  private static long pending(Device device) throws Exception {
    return device.get("/api/sync/graph/status").json().path("pending").asLong(-1);
  }
}
