package io.hybridgraph.app;

import static io.hybridgraph.app.TestServer.association;
import static io.hybridgraph.app.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridgraph.app.config.HttpSettings;
import io.hybridgraph.app.config.SyncSettings;
import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync that keeps failing never looks healthy: while a real local D1 fails every request, the
 * status says {@code FAILING} with the streak and the last error, {@code /health} is 200 {@code
 * degraded} with the reason, the metrics count the failures by operation and category, and the
 * event stream carries a {@code failed} event per round and a {@code status} event on each change
 * of state (the periodic status is an hour apart here, so only a change can send one). Once the
 * cloud answers again, all of them say so.
 */
class SyncLivenessHttpTest {

  private static final Duration AT_MOST = Duration.ofSeconds(30);

  @TempDir Path dir;
  private LocalD1Database d1;
  private TestServer server;

  @BeforeEach
  void start() {
    d1 = LocalD1Server.get().lease();
    Map<String, String> env = new HashMap<>(SyncHttpTest.cloud(d1));
    env.put(HttpSettings.STATUS_EVENT_INTERVAL_MS, "3600000");
    env.put(SyncSettings.MAX_BACKOFF_MS, "300");
    server = TestServer.start(dir, env);
  }

  @AfterEach
  void stop() {
    try {
      server.close();
    } finally {
      d1.close();
    }
  }

  /** The event stream as (event name, data) pairs, read on a daemon thread. */
  private List<String[]> subscribe() {
    List<String[]> events = new CopyOnWriteArrayList<>();
    HttpResponse<Stream<String>> response =
        server
            .http
            .sendAsync(
                server.request("/api/events").header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines())
            .join();
    assertThat(response.statusCode()).isEqualTo(200);
    Thread reader =
        new Thread(
            () -> {
              String[] name = {null};
              response
                  .body()
                  .forEach(
                      line -> {
                        if (line.startsWith("event: ")) {
                          name[0] = line.substring(7);
                        } else if (line.startsWith("data: ") && name[0] != null) {
                          events.add(new String[] {name[0], line.substring(6)});
                        }
                      });
            },
            "test-sse-reader");
    reader.setDaemon(true);
    reader.start();
    return events;
  }

  private static List<JsonNode> data(List<String[]> events, String name) {
    List<JsonNode> found = new ArrayList<>();
    for (String[] event : events) {
      if (event[0].equals(name)) {
        try {
          found.add(TestServer.JSON.readTree(event[1]));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return found;
  }

  private static List<String> states(List<String[]> events) {
    return data(events, "status").stream().map(s -> s.path("state").asText()).toList();
  }

  @Test
  void cloudFailingEveryRequest_isFailingEverywhere_untilItAnswersAgain() {
    List<String[]> events = subscribe();
    await().atMost(AT_MOST).until(() -> states(events).equals(List.of("RUNNING")));
    d1.injectFault(Map.of("status", 500, "count", 1_000_000));
    server.post("/api/graph/associations", association("a", "b", "causes", 0.5));

    await()
        .atMost(AT_MOST)
        .until(
            () ->
                json(server.get("/api/sync/graph/status")).path("consecutive_failures").asInt()
                    >= 3);
    JsonNode status = json(server.get("/api/sync/graph/status"));
    assertThat(status.path("state").asText()).isEqualTo("FAILING");
    assertThat(status.path("last_error").asText()).contains("failed", "500");
    assertThat(status.path("last_error_category").asText()).isEqualTo("unavailable");
    assertThat(status.path("failing_since").isNull()).isFalse();
    assertThat(status.path("held_reason").isNull()).isTrue();
    assertThat(status.path("pending").asLong()).isEqualTo(1);

    HttpResponse<String> health = server.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).path("status").asText()).isEqualTo("degraded");
    assertThat(json(health).path("sync_state").asText()).isEqualTo("FAILING");
    assertThat(json(health).path("consecutive_failures").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(json(health).path("reason").asText())
        .startsWith("sync is failing: ")
        .contains("rounds in a row failed since", "; last: ");

    String metrics = server.get("/metrics").body();
    assertThat(metrics)
        .containsPattern("hybrid_graph_sync_consecutive_failures [1-9]")
        .contains("hybrid_graph_sync_held 0.0")
        .containsPattern(
            "hybrid_graph_sync_failures_total\\{operation=\"(push|pull)\",reason=\"unavailable\"}"
                + " [1-9]");

    await().atMost(AT_MOST).until(() -> states(events).contains("FAILING"));
    assertThat(data(events, "failed"))
        .hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(
            failed -> {
              assertThat(failed.path("category").asText()).isEqualTo("unavailable");
              assertThat(failed.path("retry_in_seconds").asDouble()).isPositive();
            });
    assertThat(data(events, "status").get(1).path("consecutive_failures").asInt()).isPositive();

    d1.clearFaults();

    await()
        .atMost(AT_MOST)
        .untilAsserted(
            () -> {
              JsonNode recovered = json(server.get("/api/sync/graph/status"));
              assertThat(recovered.path("state").asText()).isEqualTo("RUNNING");
              assertThat(recovered.path("consecutive_failures").asInt()).isZero();
              assertThat(recovered.path("last_error").isNull()).isTrue();
              assertThat(recovered.path("pending").asLong()).isZero();
            });
    assertThat(json(server.get("/health")).path("status").asText()).isEqualTo("ok");
    assertThat(json(server.get("/health")).path("reason").isNull()).isTrue();
    await()
        .atMost(AT_MOST)
        .until(() -> states(events).equals(List.of("RUNNING", "FAILING", "RUNNING")));
  }
}
