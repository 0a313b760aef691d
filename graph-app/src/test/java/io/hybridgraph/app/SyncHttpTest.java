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
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API of a device that syncs with a real local D1 (Miniflare). */
class SyncHttpTest {

  @TempDir Path dir;
  private LocalD1Database d1;
  private TestServer server;

  static Map<String, String> cloud(LocalD1Database d1) {
    return Map.of(
        SyncSettings.ACCOUNT_ID, d1.accountId(),
        SyncSettings.DATABASE_ID, d1.id(),
        SyncSettings.API_TOKEN, d1.token(),
        SyncSettings.ENDPOINT, d1.url().toString(),
        SyncSettings.PULL_INTERVAL_MS, "500",
        SyncSettings.PUSH_INTERVAL_MS, "500",
        SyncSettings.INITIAL_BACKOFF_MS, "100");
  }

  @BeforeEach
  void start() {
    d1 = LocalD1Server.get().lease();
    Map<String, String> env = new java.util.HashMap<>(cloud(d1));
    env.put(HttpSettings.STATUS_EVENT_INTERVAL_MS, "200");
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

  /** Reads the event stream on a daemon thread into a list of lines. */
  private List<String> subscribe() {
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpResponse<Stream<String>> response =
        server
            .http
            .sendAsync(
                server.request("/api/events").header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines())
            .join();
    assertThat(response.statusCode()).isEqualTo(200);
    Thread reader = new Thread(() -> response.body().forEach(lines::add), "test-sse-reader");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static JsonNode dataAfter(List<String> lines, String event) {
    for (int i = 0; i < lines.size() - 1; i++) {
      if (lines.get(i).equals("event: " + event) && lines.get(i + 1).startsWith("data: ")) {
        try {
          return TestServer.JSON.readTree(lines.get(i + 1).substring(6));
        } catch (java.io.IOException e) {
          throw new AssertionError(e);
        }
      }
    }
    return null;
  }

  @Test
  void eventStream_deliversStatus_andAPushedEventAfterStoreAndForce() {
    List<String> lines = subscribe();
    await().atMost(Duration.ofSeconds(10)).until(() -> dataAfter(lines, "status") != null);
    assertThat(dataAfter(lines, "status").has("queue_depth")).isTrue();

    assertThat(
            server
                .post("/api/graph/associations", association("a", "b", "causes", 0.5))
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> force = server.post("/api/sync/graph/force", "");

    assertThat(force.statusCode()).as(force.body()).isEqualTo(200);
    assertThat(json(force).path("failed").asInt()).isZero();
    await().atMost(Duration.ofSeconds(20)).until(() -> dataAfter(lines, "pushed") != null);
    JsonNode pushed = dataAfter(lines, "pushed");
    assertThat(pushed.path("rows").asInt()).isPositive();
    assertThat(pushed.has("queue_depth")).isTrue();
    assertThat(String.join("\n", lines)).doesNotContain(d1.token());
  }

  @Test
  void status_force_initialAndDrift_workAgainstTheCloud() {
    server.post("/api/graph/associations", association("a", "b", "related", 0.5));
    server.post("/api/graph/associations", association("b", "c", "fixes", 0.5));
    List<String> lines = subscribe();

    HttpResponse<String> initial = server.post("/api/sync/graph/initial", "");
    assertThat(initial.statusCode()).as(initial.body()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> dataAfter(lines, "progress") != null);
    assertThat(dataAfter(lines, "progress").path("phase").asText()).isIn("upload", "download");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                json(server.get("/api/sync/graph/status")).path("initial_upload_done").asBoolean());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(server.get("/api/sync/graph/status")).path("pending").asLong() == 0);

    JsonNode status = json(server.get("/api/sync/graph/status"));
    assertThat(status.path("enabled").asBoolean()).isTrue();
    assertThat(status.path("last_push").isNull()).isFalse();

    HttpResponse<String> drift = server.post("/api/sync/graph/drift?repair=true", "");
    assertThat(drift.statusCode()).as(drift.body()).isEqualTo(200);
    assertThat(json(drift).path("buckets_compared").asInt()).isPositive();
    assertThat(json(drift).path("buckets_differing").asInt()).isZero();

    HttpResponse<String> badRepair = server.post("/api/sync/graph/drift?repair=maybe", "");
    assertThat(badRepair.statusCode()).isEqualTo(400);
    assertThat(json(badRepair).path("error").path("field").asText()).isEqualTo("repair");
  }

  @Test
  void cloudFailures_reachTheEventStream_andTheFailureCounter() {
    List<String> lines = subscribe();
    d1.injectFault(Map.of("status", 503, "count", 3));

    server.post("/api/graph/associations", association("a", "b", "causes", 0.5));

    await().atMost(Duration.ofSeconds(20)).until(() -> dataAfter(lines, "failed") != null);
    JsonNode failed = dataAfter(lines, "failed");
    assertThat(failed.path("operation").asText()).isNotBlank();
    assertThat(failed.path("category").asText()).isEqualTo("unavailable");
    assertThat(failed.path("reason").asText()).doesNotContain(d1.token());
    assertThat(server.get("/metrics").body())
        .containsPattern(
            "hybrid_graph_sync_failures_total\\{operation=\"[a-z ]+\",reason=\"unavailable\"} [1-9]");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(server.get("/api/sync/graph/status")).path("pending").asLong() == 0);
  }

  @Test
  void metrics_countPushes_andNeverShowTheCloudToken() {
    server.post("/api/graph/associations", association("a", "b", "supports", 0.5));
    server.post("/api/sync/graph/force", "");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(server.get("/metrics").body())
                    .contains("hybrid_graph_sync_enabled 1.0")
                    .contains("hybrid_graph_sync_queue_depth 0.0")
                    .containsPattern("hybrid_graph_sync_pushes_total [1-9]")
                    .containsPattern("hybrid_graph_sync_last_push_timestamp_seconds [1-9]"));
    assertThat(server.get("/metrics").body()).doesNotContain(d1.token());
    assertThat(server.get("/health").body()).doesNotContain(d1.token());
  }
}
