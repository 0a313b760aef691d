package io.hybridgraph.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 1: a relationship stored on device A is in D1 and visible on device B within 5 s; the
 * measured latency is printed.
 */
class RelationshipSyncIT {

  private static final long LIMIT_MS = 5_000;
  @RegisterExtension final ScenarioContainers containers = new ScenarioContainers();

  @Test
  void relationshipStoredOnDeviceAReachesD1AndDeviceBWithinFiveSeconds() throws Exception {
    containers.startD1();
    Device a = containers.startDevice("device-a");
    Device b = containers.startDevice("device-b");
    String source = Hashes.fresh();
    String target = Hashes.fresh();
    String body =
        """
        {"source_hash": "%s", "target_hash": "%s", "similarity": 0.82,
         "connection_types": ["semantic"], "metadata": {"note": "scenario 1"},
         "relationship_type": "causes"}"""
            .formatted(source, target);
    String path = "/api/graph/associations/" + source + "/" + target;

    long start = System.nanoTime();
    Device.Answer stored = a.postJson("/api/graph/associations", body);
    long storedAt = System.nanoTime();
    assertThat(stored.status()).as("store on device A: %s", stored).isEqualTo(201);

    long inD1Ms = -1;
    long onBMs = -1;
    Device.Answer onB = null;
    while ((inD1Ms < 0 || onBMs < 0) && elapsedMs(start) < LIMIT_MS) {
      if (inD1Ms < 0
          && containers.d1.hasTable("memory_graph")
          && containers
                  .d1
                  .query(
                      "SELECT relationship_type FROM memory_graph"
                          + " WHERE source_hash = ? AND target_hash = ? AND deleted = 0",
                      source,
                      target)
                  .size()
              > 0) {
        inD1Ms = elapsedMs(start);
      }
      if (onBMs < 0) {
        Device.Answer answer = b.get(path);
        if (answer.status() == 200) {
          onBMs = elapsedMs(start);
          onB = answer;
        }
      }
      Thread.sleep(25);
    }

    System.out.printf(
        "scenario 1: stored on device A in %d ms; in D1 after %s; visible on device B after %s"
            + " (limit %d ms, measured from the request to device A)%n",
        (storedAt - start) / 1_000_000,
        inD1Ms < 0 ? "never" : inD1Ms + " ms",
        onBMs < 0 ? "never" : onBMs + " ms",
        LIMIT_MS);
    assertThat(inD1Ms).as("ms until the relationship is in D1").isBetween(0L, LIMIT_MS);
    assertThat(onBMs)
        .as("ms until the relationship is visible on device B")
        .isBetween(0L, LIMIT_MS);

    JsonNode association = onB.json();
    assertThat(association.path("source_hash").asText()).isEqualTo(source);
    assertThat(association.path("target_hash").asText()).isEqualTo(target);
    assertThat(association.path("relationship_type").asText()).isEqualTo("causes");
    assertThat(association.path("similarity").asDouble()).isEqualTo(0.82);
    JsonNode row =
        containers
            .d1
            .query(
                "SELECT relationship_type, similarity FROM memory_graph"
                    + " WHERE source_hash = ? AND target_hash = ? AND deleted = 0",
                source,
                target)
            .path(0);
    assertThat(row.path("relationship_type").asText()).isEqualTo("causes");
    assertThat(row.path("similarity").asDouble()).isEqualTo(0.82);
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
