package io.hybridgraph.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 4: device A is killed with SIGKILL while it pushes many queued writes and restarted on
 * its volume: its outbox survived, nothing acknowledged is lost, nothing is duplicated, and both
 * devices converge.
 */
class CrashRecoveryIT {

  private static final int PLANNED = 1_500;
  private static final int KILL_AFTER = 400;
  @RegisterExtension final ScenarioContainers containers = new ScenarioContainers();

  @Test
  void deviceKilledWhilePushingKeepsItsOutboxAndConverges() throws Exception {
    containers.startD1();
    String volume = containers.newVolume();
    Device a = containers.startDevice(new ScenarioContainers.DeviceSpec("device-a").volume(volume));
    Device b = containers.startDevice(new ScenarioContainers.DeviceSpec("device-b"));

    // Every D1 request waits 1.5 s, so the push falls behind the writes and changes queue up.
    containers.d1Faults("[{\"delayMs\": 1500, \"count\": 1000000}]");
    List<String[]> planned = new ArrayList<>();
    for (int i = 0; i < PLANNED; i++) {
      planned.add(new String[] {Hashes.fresh(), Hashes.fresh()});
    }
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean killed = new AtomicBoolean();
    ExecutorService writers = Executors.newFixedThreadPool(8);
    long start = System.nanoTime();
    for (String[] pair : planned) {
      writers.submit(
          () -> {
            if (killed.get()) {
              return null;
            }
            Device.Answer answer =
                a.postJson(
                    "/api/graph/associations", Writes.association(pair[0], pair[1], "causes", 0.5));
            if (answer.status() == 201) {
              acknowledged.add(pair[0] + "/" + pair[1]);
            }
            return null;
          });
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> acknowledged.size() >= KILL_AFTER);
    containers.kill(a);
    killed.set(true);
    long killedAtMs = (System.nanoTime() - start) / 1_000_000;
    Set<String> acknowledgedAtKill = new HashSet<>(acknowledged);
    writers.shutdownNow();
    containers.clearD1Faults();
    assertThat(writers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    long inD1AtKill = liveRows();

    long restart = System.nanoTime();
    Device a2 =
        containers.startDevice(new ScenarioContainers.DeviceSpec("device-a").volume(volume));
    long restartMs = (System.nanoTime() - restart) / 1_000_000;
    JsonNode after = a2.get("/api/sync/graph/status").json();
    long localRows = a2.get("/api/graph/stats").json().path("total_rows").asLong();
    assertThat(localRows)
        .as("every acknowledged write survived the kill")
        .isGreaterThanOrEqualTo(acknowledgedAtKill.size());
    assertThat(after.path("pending").asLong() > 0 || inD1AtKill < localRows)
        .as(
            "the outbox survived: pending %s after restart, %d rows in D1 at the kill, %d local",
            after.path("pending"), inD1AtKill, localRows)
        .isTrue();

    long converge = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () ->
                a2.get("/api/sync/graph/status").json().path("pending").asLong() == 0
                    && liveRows() == localRows
                    && b.get("/api/graph/stats").json().equals(a2.get("/api/graph/stats").json()));
    long convergeMs = (System.nanoTime() - converge) / 1_000_000;

    JsonNode remote =
        containers.d1.query("SELECT source_hash, target_hash, deleted FROM memory_graph");
    Set<String> keys = new HashSet<>();
    remote.forEach(
        r -> keys.add(r.path("source_hash").asText() + "/" + r.path("target_hash").asText()));
    assertThat(remote.size())
        .as("rows in D1 = distinct keys (no duplicates)")
        .isEqualTo(keys.size());
    assertThat(remote.size()).as("rows in D1 = local rows").isEqualTo(localRows);
    assertThat(keys).as("every acknowledged write is in D1").containsAll(acknowledgedAtKill);
    for (String key : acknowledgedAtKill.stream().limit(100).toList()) {
      assertThat(b.get("/api/graph/associations/" + key).status())
          .as("on B: %s", key)
          .isEqualTo(200);
    }
    assertThat(a2.get("/api/sync/graph/status").json().path("parked").asLong()).isZero();

    System.out.printf(
        "scenario 4: killed %d ms after the first write with %d writes acknowledged (%d rows in D1 at the kill); restart %d ms, pending right after"
            + " restart %d, %d local rows; converged (outbox empty, D1 = A = B) %d ms after the"
            + " restart; D1 rows %d, distinct keys %d%n",
        killedAtMs,
        acknowledgedAtKill.size(),
        inD1AtKill,
        restartMs,
        after.path("pending").asLong(),
        localRows,
        convergeMs,
        remote.size(),
        keys.size());
  }

  private long liveRows() throws Exception {
    return containers
        .d1
        .query("SELECT count(*) AS n FROM memory_graph WHERE deleted = 0")
        .path(0)
        .path("n")
        .asLong();
  }
}
