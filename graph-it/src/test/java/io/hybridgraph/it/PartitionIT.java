package io.hybridgraph.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.Network;

/**
 * Scenario 3: device A is disconnected from the Docker network it shares with the local D1 and
 * device B while 500 changes are made on each device, 200 of them on the same pairs; after A is
 * reconnected, both devices converge to identical graphs within 30 s, and every pair changed on
 * both sides ends as the domain's conflict rules say.
 *
 * <p>The test reaches A through a second network of A's own, so A's API stays reachable while it is
 * cut off. The changes, per device:
 *
 * <ul>
 *   <li>300 new pairs of its own (A: {@code related} 0.25, B: {@code causes} 0.75);
 *   <li>50 new pairs stored on both, A first ("A then B"): B's later write wins whole, the directed
 *       {@code causes} replaces the symmetric pair;
 *   <li>50 new pairs stored on both, B first ("B then A"): A's later write wins, symmetric again;
 *   <li>50 pairs both devices had before the partition, deleted on A and modified on B: the
 *       deletion wins over the concurrent modification;
 *   <li>50 pairs both devices had before, modified on A and later on B: B's later write wins.
 * </ul>
 */
class PartitionIT {

  private static final int OWN = 300;
  private static final int SHARED = 50;
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final Map<String, String> FAST_RECOVERY =
      Map.of(
          // A request left hanging by the partition fails after 5 s instead of 45 s, and retries
          // back off to at most 2 s instead of 300 s, so that sync resumes soon after it ends.
          "HYBRID_GRAPH_D1_READ_TIMEOUT_MS", "5000",
          "HYBRID_GRAPH_D1_CONNECT_TIMEOUT_MS", "2000",
          "HYBRID_GRAPH_SYNC_MAX_BACKOFF_MS", "2000",
          "HYBRID_GRAPH_SYNC_MAX_RETRIES", "1000");
  @RegisterExtension final ScenarioContainers containers = new ScenarioContainers();

  @Test
  void devicesChangedOnBothSidesOfAPartitionConvergeWithin30Seconds() throws Exception {
    containers.startD1();
    Device a = startDevice("device-a");
    Device b = startDevice("device-b");
    Network control = containers.newNetwork();
    containers.connect(a, control);
    a = containers.on(a, control);

    // Before the partition: 100 pairs both devices hold.
    List<String[]> deleteVsModify = pairs(SHARED);
    List<String[]> modifyVsModify = pairs(SHARED);
    for (String[] pair : concat(deleteVsModify, modifyVsModify)) {
      store(a, pair, "related", 0.5);
    }
    Device bView = b;
    Waits.until(
        "the 100 pairs before the partition on device B",
        LIMIT,
        () -> relationships(bView) == 2L * SHARED);

    containers.disconnect(a, containers.network);
    long cutOff = System.nanoTime();

    List<String[]> aThenB = pairs(SHARED);
    List<String[]> bThenA = pairs(SHARED);
    List<String[]> ownA = pairs(OWN);
    List<String[]> ownB = pairs(OWN);
    Device onA = a;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // First round, both devices at once: A 300 changes, B 250.
      Future<?> first =
          pool.submit(
              () -> {
                storeAll(onA, aThenB, "related", 0.25);
                for (String[] pair : deleteVsModify) {
                  delete(onA, pair);
                }
                storeAll(onA, modifyVsModify, "related", 0.9);
                storeAll(onA, ownA.subList(0, OWN / 2), "related", 0.25);
                return null;
              });
      storeAll(b, bThenA, "causes", 0.75);
      storeAll(b, deleteVsModify, "related", 0.1);
      storeAll(b, ownB.subList(0, OWN / 2), "causes", 0.75);
      first.get();
      Thread.sleep(5); // the second round is later by the clock on both devices
      // Second round: A 200 changes, B 250.
      Future<?> second =
          pool.submit(
              () -> {
                storeAll(onA, bThenA, "related", 0.25);
                storeAll(onA, ownA.subList(OWN / 2, OWN), "related", 0.25);
                return null;
              });
      storeAll(b, aThenB, "causes", 0.75);
      storeAll(b, modifyVsModify, "related", 0.1);
      storeAll(b, ownB.subList(OWN / 2, OWN), "causes", 0.75);
      second.get();
    } finally {
      pool.shutdownNow();
    }
    long partitionMs = (System.nanoTime() - cutOff) / 1_000_000;

    long aRowsInD1 =
        containers
            .d1
            .query(
                "SELECT count(*) AS n FROM memory_graph WHERE hlc LIKE '%.device-a'"
                    + " AND (similarity <> 0.5 OR deleted = 1)")
            .path(0)
            .path("n")
            .asLong();
    assertThat(aRowsInD1).as("rows of A's changes in D1 while A is cut off").isZero();
    long aPending = pending(a);
    assertThat(aPending).as("A's changes wait in its outbox").isPositive();

    containers.connect(a, containers.network);
    long reconnected = System.nanoTime();
    Set<String> memories = new TreeSet<>();
    for (List<String[]> group :
        List.of(deleteVsModify, modifyVsModify, aThenB, bThenA, ownA, ownB)) {
      group.forEach(pair -> memories.addAll(List.of(pair[0], pair[1])));
    }
    Device aView = a;
    Waits.until(
        "identical graphs on both devices",
        LIMIT,
        () ->
            pending(aView) == 0
                && pending(bView) == 0
                && aView.get("/api/graph/stats").json().equals(bView.get("/api/graph/stats").json())
                && graph(aView, memories).equals(graph(bView, memories)));
    long convergedMs = (System.nanoTime() - reconnected) / 1_000_000;

    for (Device device : List.of(a, b)) {
      expect(device, ownA, "related", 0.25);
      expect(device, ownB, "causes", 0.75);
      expect(device, aThenB, "causes", 0.75);
      expect(device, bThenA, "related", 0.25);
      expect(device, modifyVsModify, "related", 0.1);
      for (String[] pair : deleteVsModify) {
        assertThat(device.get(path(pair)).status()).as("deleted on %s", device.name).isEqualTo(404);
        assertThat(device.get(path(pair[1], pair[0])).status()).isEqualTo(404);
      }
    }
    JsonNode stats = a.get("/api/graph/stats").json();
    assertThat(stats.path("total_relationships").asLong())
        .as("own pairs of both, the pairs stored on both, the pairs modified on both")
        .isEqualTo(2L * OWN + 2L * SHARED + SHARED);
    long d1Rows =
        containers.d1.query("SELECT count(*) AS n FROM memory_graph").path(0).path("n").asLong();

    System.out.printf(
        "scenario 3: device A cut off for %d ms while 500 changes were made on A (%d rows waiting in"
            + " its outbox, 0 in D1) and 500 on B, 200 on the same pairs; converged %d ms after"
            + " reconnecting (limit %d ms): identical graphs of %d relationships (%d rows on"
            + " each device, %d in D1); later store won 100 of 100, deletion over modification"
            + " 50 of 50, later modification 50 of 50%n",
        partitionMs,
        aPending,
        convergedMs,
        LIMIT.toMillis(),
        stats.path("total_relationships").asLong(),
        stats.path("total_rows").asLong(),
        d1Rows);
  }

  private Device startDevice(String name) {
    return containers.startDevice(new ScenarioContainers.DeviceSpec(name).env(FAST_RECOVERY));
  }

  private static List<String[]> pairs(int count) {
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pairs.add(new String[] {Hashes.fresh(), Hashes.fresh()});
    }
    return pairs;
  }

  private static List<String[]> concat(List<String[]> first, List<String[]> second) {
    List<String[]> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static void storeAll(Device device, List<String[]> pairs, String type, double sim)
      throws Exception {
    for (String[] pair : pairs) {
      store(device, pair, type, sim);
    }
  }

  private static void store(Device device, String[] pair, String type, double similarity)
      throws Exception {
    Device.Answer answer =
        device.postJson(
            "/api/graph/associations", Writes.association(pair[0], pair[1], type, similarity));
    assertThat(answer.status()).as("store on %s: %s", device.name, answer).isEqualTo(201);
  }

  private static void delete(Device device, String[] pair) throws Exception {
    Device.Answer answer = device.delete(path(pair));
    assertThat(answer.status()).as("delete on %s: %s", device.name, answer).isEqualTo(200);
  }

  /** Each pair holds exactly this write, seen from both ends when the type is symmetric. */
  private static void expect(Device device, List<String[]> pairs, String type, double similarity)
      throws Exception {
    for (String[] pair : pairs) {
      JsonNode row = device.get(path(pair)).json();
      assertThat(row.path("relationship_type").asText() + " " + row.path("similarity").asDouble())
          .as("%s on %s", pair[0], device.name)
          .isEqualTo(type + " " + similarity);
      int reverse = device.get(path(pair[1], pair[0])).status();
      assertThat(reverse)
          .as("reverse of %s on %s", pair[0], device.name)
          .isEqualTo(type.equals("related") ? 200 : 404);
    }
  }

  private static String path(String[] pair) {
    return path(pair[0], pair[1]);
  }

  private static String path(String source, String target) {
    return "/api/graph/associations/" + source + "/" + target;
  }

  private static long pending(Device device) throws Exception {
    return device.get("/api/sync/graph/status").json().path("pending").asLong(-1);
  }

  private static long relationships(Device device) throws Exception {
    return device.get("/api/graph/stats").json().path("total_relationships").asLong();
  }

  /** Every visible association of the device among these memories, by memory. */
  private static Map<String, String> graph(Device device, Set<String> memories) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (String memory : memories) {
      Device.Answer answer =
          device.get("/api/graph/memories/" + memory + "/associations?direction=outgoing");
      if (answer.status() == 404) {
        continue;
      }
      assertThat(answer.status()).as("%s on %s: %s", memory, device.name, answer).isEqualTo(200);
      List<String> rows = new ArrayList<>();
      answer.json().forEach(row -> rows.add(row.toString()));
      rows.sort(null);
      out.put(memory, String.join("\n", rows));
    }
    return out;
  }
}
