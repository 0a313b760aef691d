package io.hybridgraph.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 5: D1 answers 429 with Retry-After, then 503s, then takes longer than device A's read
 * timeout. Sync backs off, waits at least Retry-After before its next request, completes, loses
 * nothing (every association stored during the faults reaches device B) and the status showed the
 * trouble meanwhile.
 *
 * <p>Device A does not pull (pull interval of 10 minutes) and device B is cut off from D1 while the
 * faults play, so every D1 request counted by the local D1's {@code /__stats} is a push of A.
 */
class RemoteFaultsIT {

  private static final int RETRY_AFTER_S = 3;
  private static final int READ_TIMEOUT_MS = 1_500;
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final Map<String, String> DEVICE_A =
      Map.of(
          "HYBRID_GRAPH_D1_READ_TIMEOUT_MS", String.valueOf(READ_TIMEOUT_MS),
          "HYBRID_GRAPH_SYNC_INITIAL_BACKOFF_MS", "300",
          "HYBRID_GRAPH_SYNC_MAX_BACKOFF_MS", "1500",
          "HYBRID_GRAPH_SYNC_MAX_RETRIES", "20",
          "HYBRID_GRAPH_SYNC_PULL_INTERVAL_MS", "600000");
  private static final Map<String, String> DEVICE_B =
      Map.of(
          "HYBRID_GRAPH_SYNC_INITIAL_BACKOFF_MS", "200",
          "HYBRID_GRAPH_SYNC_MAX_BACKOFF_MS", "500");

  @RegisterExtension final ScenarioContainers containers = new ScenarioContainers();

  /**
   * One reading of the local D1's request counters, taken between {@code sentMs} and {@code atMs}
   * (ms since the faults were queued).
   */
  private record Sample(long sentMs, long atMs, long total, long faulted, long pendingFaults) {}

  @Test
  void syncBacksOffRespectsRetryAfterAndLosesNothing() throws Exception {
    containers.startD1();
    Device a = containers.startDevice(new ScenarioContainers.DeviceSpec("device-a").env(DEVICE_A));
    Device b = containers.startDevice(new ScenarioContainers.DeviceSpec("device-b").env(DEVICE_B));
    Waits.until("D1 schema created", LIMIT, () -> containers.d1.hasTable("memory_graph"));
    Waits.until("both devices idle", LIMIT, () -> pending(a) == 0 && pending(b) == 0);
    ScenarioContainers.stopForwarder(b);
    containers.resetD1Stats();

    containers.d1Faults(
        """
        [{"status": 429, "retryAfter": "%d", "count": 1},
         {"status": 503, "count": 2},
         {"delayMs": %d, "count": 1}]"""
            .formatted(RETRY_AFTER_S, READ_TIMEOUT_MS + 2_000));

    List<Sample> samples = new CopyOnWriteArrayList<>();
    long start = System.nanoTime();
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  long sentMs = (System.nanoTime() - start) / 1_000_000;
                  JsonNode stats = containers.d1Stats();
                  JsonNode db = stats.path("databases").path(ScenarioContainers.D1_DATABASE);
                  samples.add(
                      new Sample(
                          sentMs,
                          (System.nanoTime() - start) / 1_000_000,
                          stats.path("total").asLong(),
                          db.path("faulted").asLong(),
                          stats.path("pendingFaults").asLong()));
                  Thread.sleep(15);
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  // keep sampling
                }
              }
            },
            "d1-stats-sampler");
    sampler.setDaemon(true);
    sampler.start();
    Waits.until("a first reading of D1's counters", LIMIT, () -> !samples.isEmpty());

    List<String[]> stored = new ArrayList<>();
    JsonNode troubled = null;
    Sample overAt;
    long deadline = System.nanoTime() + LIMIT.toNanos();
    // Store during the faults, and look at the status meanwhile.
    while (true) {
      String[] pair = {Hashes.fresh(), Hashes.fresh()};
      Device.Answer answer =
          a.postJson(
              "/api/graph/associations",
              """
              {"source_hash": "%s", "target_hash": "%s", "similarity": 0.4,
               "relationship_type": "follows", "metadata": {"n": %d}}"""
                  .formatted(pair[0], pair[1], stored.size()));
      assertThat(answer.status()).as("store during faults: %s", answer).isEqualTo(201);
      stored.add(pair);
      for (int i = 0; i < 10; i++) {
        JsonNode status = a.get("/api/sync/graph/status").json();
        if (troubled == null
            && !status.path("last_error").isNull()
            && !status.path("last_error").isMissingNode()
            && (status.path("pending").asLong() > 0 || !status.path("next_attempt").isNull())) {
          troubled = status;
        }
        Thread.sleep(50);
      }
      Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
      if (last != null && last.pendingFaults() == 0 && last.faulted() >= 4) {
        overAt = last;
        break;
      }
      assertThat(System.nanoTime()).as("the faults were all served in time").isLessThan(deadline);
    }
    long faultsOverMs = (System.nanoTime() - start) / 1_000_000;

    long pushedMs =
        Waits.until(
            "device A pushed everything",
            LIMIT,
            () -> pending(a) == 0 && inD1(stored) == stored.size());
    long recoveredMs = (System.nanoTime() - start) / 1_000_000;
    sampler.interrupt();
    sampler.join(2_000);

    // Retry-After: after the 429 no request before it elapsed.
    // The 429 came after the last reading that did not count it, and the next request before
    // the first reading that counts it: the real gap is at most the span between those two.
    Sample before429 = null;
    Sample first429 = null;
    Sample nextRequest = null;
    for (Sample s : samples) {
      if (first429 == null && s.faulted() == 0) {
        before429 = s;
      } else if (first429 == null && s.faulted() >= 1) {
        first429 = s;
      } else if (first429 != null && s.total() > first429.total()) {
        nextRequest = s;
        break;
      }
    }
    assertThat(first429).as("the 429 was served").isNotNull();
    assertThat(before429).as("a reading before the 429").isNotNull();
    assertThat(nextRequest).as("a request followed the 429").isNotNull();
    long gapMs = nextRequest.atMs() - first429.atMs();
    long gapUpperBoundMs = nextRequest.atMs() - before429.sentMs();
    JsonNode after = a.get("/api/sync/graph/status").json();

    ScenarioContainers.startForwarder(b);
    long onBMs =
        Waits.until(
            "every association stored during the faults on device B",
            LIMIT,
            () -> {
              for (String[] pair : stored) {
                if (b.get("/api/graph/associations/" + pair[0] + "/" + pair[1]).status() != 200) {
                  return false;
                }
              }
              return true;
            });

    System.out.printf(
        "scenario 5: %d associations stored during the faults; next D1 request %d ms after the"
            + " 429 (at most %d ms; Retry-After %d s); faults (429, 2 x 503, %d ms timeout) served after %d ms;"
            + " everything in D1 %d ms after the first store (%d ms after the faults); %d D1"
            + " requests until the faults were over, %d faulted; on device B %d ms after reconnecting it%n"
            + "scenario 5: status during the faults: %s%n"
            + "scenario 5: status after recovery: pending=%s parked=%s last_push=%s%n",
        stored.size(),
        gapMs,
        gapUpperBoundMs,
        RETRY_AFTER_S,
        READ_TIMEOUT_MS,
        faultsOverMs,
        recoveredMs,
        pushedMs,
        overAt.total(),
        overAt.faulted(),
        onBMs,
        troubled,
        after.path("pending"),
        after.path("parked"),
        after.path("last_push"));

    assertThat(gapUpperBoundMs)
        .as("most ms there can have been from the 429 to the next D1 request")
        .isGreaterThanOrEqualTo(RETRY_AFTER_S * 1_000L);
    assertThat(troubled)
        .as("a status showing last_error and pending work during the faults")
        .isNotNull();
    assertThat(after.path("pending").asLong()).isZero();
    assertThat(after.path("parked").asLong()).isZero();
  }

  private static long pending(Device device) throws Exception {
    return device.get("/api/sync/graph/status").json().path("pending").asLong(-1);
  }

  private int inD1(List<String[]> pairs) throws Exception {
    int found = 0;
    for (String[] pair : pairs) {
      if (containers
              .d1
              .query(
                  "SELECT 1 FROM memory_graph WHERE source_hash = ? AND target_hash = ?"
                      + " AND deleted = 0",
                  pair[0],
                  pair[1])
              .size()
          > 0) {
        found++;
      }
    }
    return found;
  }
}
