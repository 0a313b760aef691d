package io.hybridgraph.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** Runs the initial sync of a device through its HTTP API and waits for it to finish. */
final class InitialSyncs {
  private InitialSyncs() {}

  private static final String FINISHED = "The initial graph sync finished";
  private static final String FAILED = "The initial graph sync failed";

  /** Starts it: 202. Returns how many runs had finished in this container before. */
  static int start(Device device) throws Exception {
    int before = count(device.container.getLogs(), FINISHED);
    Device.Answer started = device.postJson("/api/sync/graph/initial", "");
    assertThat(started.status()).as("initial sync on %s: %s", device.name, started).isEqualTo(202);
    return before;
  }

  /** The status's initial sync progress (null before any run in this process). */
  static JsonNode progress(Device device) throws Exception {
    return device.get("/api/sync/graph/status").json().path("initial_sync_progress");
  }

  /**
   * Whether a run started after {@code finishedBefore} finished runs has ended (the app logs it).
   */
  static boolean finished(Device device, int finishedBefore) {
    String logs = device.container.getLogs();
    assertThat(logs).as("initial sync on %s", device.name).doesNotContain(FAILED);
    return count(logs, FINISHED) > finishedBefore;
  }

  /** Starts it and waits until it finished, upload and download. */
  static void run(Device device, Duration atMost) throws Exception {
    int before = start(device);
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> finished(device, before));
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
