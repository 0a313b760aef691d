package io.hybridgraph.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 6: conflicts between two devices end on the same winner on both. Device B is cut off
 * from D1 (its forwarder stopped) while both write, then reconnected.
 *
 * <ul>
 *   <li>the same pair modified on both devices: the later clock wins;
 *   <li>deleted on one device and modified on the other concurrently: the deletion wins;
 *   <li>a symmetric pair overwritten by a directed relationship on the other device: only the
 *       directed row remains;
 *   <li>deleted, then stored again after the deletion was seen: the re-creation wins.
 * </ul>
 */
class ConflictsIT {

  private static final Duration LIMIT = Duration.ofSeconds(15);
  private static final Map<String, String> FAST_RETRY =
      Map.of(
          "HYBRID_GRAPH_SYNC_INITIAL_BACKOFF_MS", "200",
          "HYBRID_GRAPH_SYNC_MAX_BACKOFF_MS", "500",
          "HYBRID_GRAPH_SYNC_MAX_RETRIES", "100");
  @RegisterExtension final ScenarioContainers containers = new ScenarioContainers();

  @Test
  void bothDevicesEndOnTheSameWinner() throws Exception {
    containers.startD1();
    Device a =
        containers.startDevice(new ScenarioContainers.DeviceSpec("device-a").env(FAST_RETRY));
    Device b =
        containers.startDevice(new ScenarioContainers.DeviceSpec("device-b").env(FAST_RETRY));
    String[] p1 = {Hashes.fresh(), Hashes.fresh()};
    String[] p2 = {Hashes.fresh(), Hashes.fresh()};
    String[] p3 = {Hashes.fresh(), Hashes.fresh()};
    String[] p4 = {Hashes.fresh(), Hashes.fresh()};
    store(a, p1, 0.5, "related");
    store(a, p2, 0.5, "causes");
    store(a, p3, 0.5, "related");
    store(a, p4, 0.5, "causes");
    for (String[] p : List.of(p1, p2, p3, p4)) {
      Waits.until("baseline on device B", LIMIT, () -> b.get(path(p)).status() == 200);
    }
    assertThat(b.get(path(p3[1], p3[0])).status())
        .as("the symmetric pair is seen from both ends")
        .isEqualTo(200);

    // B cut off from D1 while both devices write.
    ScenarioContainers.stopForwarder(b);
    store(a, p1, 0.3, "related");
    Device.Answer deleted = a.delete(path(p2));
    assertThat(deleted.status()).as("delete on A: %s", deleted).isEqualTo(200);
    Waits.until("device A pushed", LIMIT, () -> pending(a) == 0);
    Thread.sleep(5); // B's writes are later by the clock
    store(b, p1, 0.9, "related");
    store(b, p2, 0.8, "causes");
    assertThat(pending(b)).as("device B's writes wait for D1").isGreaterThan(0);
    long reconnected = System.nanoTime();
    ScenarioContainers.startForwarder(b);

    long modifyMs =
        Waits.until(
            "the later modification (0.9, from B) on both devices",
            LIMIT,
            () -> similarity(a, p1) == 0.9 && similarity(b, p1) == 0.9);
    long deleteMs =
        Waits.until(
            "the deletion wins over the concurrent modification on both devices",
            LIMIT,
            () -> a.get(path(p2)).status() == 404 && b.get(path(p2)).status() == 404);
    long sinceReconnect = (System.nanoTime() - reconnected) / 1_000_000;

    // Directed over symmetric, from the other device.
    long t3 = System.nanoTime();
    store(b, p3, 0.7, "causes");
    Waits.until(
        "only the directed row remains on both devices",
        LIMIT,
        () ->
            type(a, p3).equals("causes")
                && type(b, p3).equals("causes")
                && a.get(path(p3[1], p3[0])).status() == 404
                && b.get(path(p3[1], p3[0])).status() == 404);
    long directedMs = (System.nanoTime() - t3) / 1_000_000;

    // Deleted on B, seen deleted on A, stored again on A.
    long t4 = System.nanoTime();
    deleted = b.delete(path(p4));
    assertThat(deleted.status()).as("delete on B: %s", deleted).isEqualTo(200);
    Waits.until("device A sees the deletion", LIMIT, () -> a.get(path(p4)).status() == 404);
    store(a, p4, 0.6, "supports");
    Waits.until(
        "the re-creation on both devices",
        LIMIT,
        () ->
            type(a, p4).equals("supports")
                && type(b, p4).equals("supports")
                && similarity(b, p4) == 0.6);
    long recreateMs = (System.nanoTime() - t4) / 1_000_000;

    Waits.until("both queues empty", LIMIT, () -> pending(a) == 0 && pending(b) == 0);
    for (String[] p : List.of(p1, p3, p4)) {
      JsonNode onA = a.get(path(p)).json();
      JsonNode onB = b.get(path(p)).json();
      assertThat(onB.path("similarity").asDouble()).isEqualTo(onA.path("similarity").asDouble());
      assertThat(onB.path("relationship_type").asText())
          .isEqualTo(onA.path("relationship_type").asText());
    }
    assertThat(a.get(path(p2)).status()).isEqualTo(404);
    assertThat(b.get(path(p2)).status()).isEqualTo(404);

    System.out.printf(
        "scenario 6: after reconnecting device B: modify/modify settled (later clock, B's 0.9)"
            + " in %d ms, delete/modify settled (deletion) in %d ms, both in %d ms; directed over"
            + " symmetric on both in %d ms; delete then re-create on both in %d ms%n",
        modifyMs, deleteMs, sinceReconnect, directedMs, recreateMs);
  }

  private static void store(Device device, String[] pair, double similarity, String type)
      throws Exception {
    Device.Answer answer =
        device.postJson(
            "/api/graph/associations",
            """
            {"source_hash": "%s", "target_hash": "%s", "similarity": %s,
             "relationship_type": "%s"}"""
                .formatted(pair[0], pair[1], similarity, type));
    assertThat(answer.status()).as("store on %s: %s", device.name, answer).isEqualTo(201);
  }

  private static String path(String[] pair) {
    return path(pair[0], pair[1]);
  }

  private static String path(String source, String target) {
    return "/api/graph/associations/" + source + "/" + target;
  }

  private static double similarity(Device device, String[] pair) throws Exception {
    Device.Answer answer = device.get(path(pair));
    return answer.status() == 200 ? answer.json().path("similarity").asDouble() : -1;
  }

  private static String type(Device device, String[] pair) throws Exception {
    Device.Answer answer = device.get(path(pair));
    return answer.status() == 200 ? answer.json().path("relationship_type").asText() : "";
  }

  private static long pending(Device device) throws Exception {
    return device.get("/api/sync/graph/status").json().path("pending").asLong(-1);
  }
}
