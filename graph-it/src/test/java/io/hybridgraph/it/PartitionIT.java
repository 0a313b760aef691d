package io.hybridgraph.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;

/**
 * Scenario 3: device A is cut off from the local D1 by a Docker network disconnect (A and B are on
 * networks of their own, both joined by D1; D1 leaves A's) while 500 changes are made on A and 500
 * on B, 100 of them on the same pairs; after reconnecting, both converge to identical graphs within
 * 30 s.
 */
class PartitionIT {

  private static final int CHANGES = 500;
  private static final int SHARED = 100;
  private static final long LIMIT_MS = 30_000;
  private static ScenarioContainers containers;
  private static Network aNetwork;

  @BeforeAll
  static void docker() {
    containers = ScenarioContainers.create();
  }

  @AfterAll
  static void cleanUp() {
    if (containers != null) {
      containers.close();
    }
    if (aNetwork != null) {
      aNetwork.close();
    }
  }

  @Test
  void devicesChangedOnBothSidesOfAPartitionConvergeWithin30Seconds() throws Exception {
    containers.startD1();
    // Retries back off up to 5 s instead of the default 300 s, and a D1 request left hanging by the
    // partition times out after 5 s instead of 45 s, so that sync resumes soon after it ends.
    aNetwork = Network.newNetwork();
    aNetwork.getId();
    containers.connectD1(aNetwork);
    Device a =
        containers.startDevice(
            new ScenarioContainers.DeviceSpec("device-a")
                .network(aNetwork)
                .env("HYBRID_GRAPH_SYNC_MAX_BACKOFF_MS", "5000")
                .env("HYBRID_GRAPH_D1_READ_TIMEOUT_MS", "5000")
                .env("HYBRID_GRAPH_D1_CONNECT_TIMEOUT_MS", "2000"));
    Device b =
        containers.startDevice(
            new ScenarioContainers.DeviceSpec("device-b")
                .env("HYBRID_GRAPH_SYNC_MAX_BACKOFF_MS", "5000")
                .env("HYBRID_GRAPH_D1_READ_TIMEOUT_MS", "5000")
                .env("HYBRID_GRAPH_D1_CONNECT_TIMEOUT_MS", "2000"));
    // The partition: the local D1 leaves A's network (D1 stays on B's network), so A's HTTP port,
    // whose mapping belongs to A's own network, stays reachable from the test.
    containers.disconnectD1(aNetwork);

    List<String[]> shared = new ArrayList<>();
    for (int i = 0; i < SHARED; i++) {
      shared.add(new String[] {Hashes.fresh(), Hashes.fresh()});
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<Set<String>> onA = pool.submit(() -> write(a, shared, "related", 0.25));
    Future<Set<String>> onB = pool.submit(() -> write(b, shared, "causes", 0.75));
    Set<String> memories = new TreeSet<>(onA.get());
    memories.addAll(onB.get());
    pool.shutdown();
    // A's 500 changes (related, 0.25) could not reach D1 during the partition.
    // Docker drops the test's open connections to D1 when D1 leaves a network: retry on those.
    long fromAInD1 =
        await()
            .atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(100))
            .ignoreExceptionsInstanceOf(java.io.IOException.class)
            .until(
                () ->
                    containers
                        .d1
                        .query(
                            "SELECT count(*) AS n FROM memory_graph WHERE relationship_type ="
                                + " 'related' AND similarity = 0.25")
                        .path(0)
                        .path("n")
                        .asLong(),
                n -> n >= 0);
    assertThat(fromAInD1).as("rows of A's changes in D1 during the partition").isZero();

    long reconnect = System.nanoTime();
    containers.connectD1(aNetwork);
    await()
        .atMost(Duration.ofMillis(LIMIT_MS))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () ->
                a.get("/api/sync/graph/status").json().path("pending").asLong() == 0
                    && b.get("/api/sync/graph/status").json().path("pending").asLong() == 0
                    && a.get("/api/graph/stats").json().equals(b.get("/api/graph/stats").json())
                    && graph(a, memories).equals(graph(b, memories)));
    long convergedMs = (System.nanoTime() - reconnect) / 1_000_000;

    Map<String, String> graphA = graph(a, memories);
    assertThat(graph(b, memories)).isEqualTo(graphA);
    JsonNode stats = a.get("/api/graph/stats").json();
    assertThat(stats.path("total_relationships").asLong())
        .as("800 unique pairs and 100 shared ones")
        .isEqualTo(2L * (CHANGES - SHARED) + SHARED);
    int sharedRelated = 0;
    for (String[] pair : shared) {
      JsonNode onAPair = a.get("/api/graph/associations/" + pair[0] + "/" + pair[1]).json();
      JsonNode onBPair = b.get("/api/graph/associations/" + pair[0] + "/" + pair[1]).json();
      assertThat(onBPair).isEqualTo(onAPair);
      // Last writer wins: the pair holds one side's write whole, never a mix.
      String type = onAPair.path("relationship_type").asText();
      double similarity = onAPair.path("similarity").asDouble();
      assertThat(type + similarity).isIn("related0.25", "causes0.75");
      if (type.equals("related")) {
        sharedRelated++;
        assertThat(a.get("/api/graph/associations/" + pair[1] + "/" + pair[0]).status())
            .isEqualTo(200);
      } else {
        assertThat(a.get("/api/graph/associations/" + pair[1] + "/" + pair[0]).status())
            .isEqualTo(404);
      }
    }
    System.out.printf(
        "scenario 3: %d changes on A while cut off (%d of them in D1 before reconnecting), %d on B, %d on the same"
            + " pairs (%d won by A's related, %d by B's causes); converged %d ms after"
            + " reconnecting (limit %d ms); %d relationships, %d rows on each device%n",
        CHANGES,
        fromAInD1,
        CHANGES,
        SHARED,
        sharedRelated,
        SHARED - sharedRelated,
        convergedMs,
        LIMIT_MS,
        stats.path("total_relationships").asLong(),
        stats.path("total_rows").asLong());
    assertThat(convergedMs).isLessThanOrEqualTo(LIMIT_MS);
  }

  private static void awaitReachable(Device device) {
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> device.get("/health").status() == 200);
  }

  /** Stores CHANGES - SHARED fresh pairs and the shared ones; returns the memories touched. */
  private static Set<String> write(Device device, List<String[]> shared, String type, double sim)
      throws Exception {
    Set<String> memories = new TreeSet<>();
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < CHANGES - SHARED; i++) {
      pairs.add(new String[] {Hashes.fresh(), Hashes.fresh()});
    }
    pairs.addAll(shared);
    for (String[] pair : pairs) {
      Device.Answer answer =
          device.postJson(
              "/api/graph/associations", Writes.association(pair[0], pair[1], type, sim));
      assertThat(answer.status()).as("store on %s: %s", device.name, answer).isEqualTo(201);
      memories.add(pair[0]);
      memories.add(pair[1]);
    }
    return memories;
  }

  /** Every row of the device's graph: each memory's outgoing associations, by memory. */
  private static Map<String, String> graph(Device device, Set<String> memories) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (String memory : memories) {
      Device.Answer answer =
          device.get("/api/graph/memories/" + memory + "/associations?direction=outgoing");
      if (answer.status() == 404) {
        continue;
      }
      assertThat(answer.status()).as("%s: %s", memory, answer).isEqualTo(200);
      List<String> rows = new ArrayList<>();
      answer.json().forEach(r -> rows.add(r.toString()));
      rows.sort(null);
      out.put(memory, String.join("\n", rows));
    }
    return out;
  }
}
