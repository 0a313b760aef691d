package io.hybridgraph.app;

import static io.hybridgraph.app.TestServer.association;
import static io.hybridgraph.app.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridgraph.app.cli.RootCommand;
import io.hybridgraph.app.config.SyncSettings;
import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Server;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Local first when the cloud refuses the device: a device with queued changes whose token (or
 * database id) a real local D1 rejects still starts, serves its graph over HTTP and the command
 * line, keeps its changes queued and reports the held sync in its status, {@code /health}, the
 * metrics and the CLI; once the cloud accepts it, it pushes.
 */
class HeldSyncTest {

  private static final String REFUSED_TOKEN = "revoked-token-0123456789abcdef";
  private static final Duration AT_MOST = Duration.ofSeconds(30);

  @TempDir Path dir;
  private LocalD1Database d1;
  private Path envFile;

  @BeforeEach
  void lease() throws IOException {
    d1 = LocalD1Server.get().lease();
    envFile = Files.writeString(dir.resolve("test.env"), "# no settings\n");
  }

  @AfterEach
  void release() {
    d1.close();
  }

  private Map<String, String> cloud(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(TestServer.env(dir, SyncHttpTest.cloud(d1)));
    env.putAll(overrides);
    return env;
  }

  /** Two associations stored while sync is off: three rows queued for the cloud. */
  private long seedQueuedChanges() {
    try (TestServer local = TestServer.start(dir, Map.of())) {
      assertThat(local.post("/api/graph/associations", association("a", "b", "causes", 0.5)))
          .extracting(HttpResponse::statusCode)
          .isEqualTo(201);
      assertThat(local.post("/api/graph/associations", association("b", "c", "related", 0.7)))
          .extracting(HttpResponse::statusCode)
          .isEqualTo(201);
      long pending = json(local.get("/api/sync/graph/status")).path("pending").asLong();
      assertThat(pending).isPositive();
      return pending;
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private String cli(Map<String, String> env, String... args) {
    CommandLine cli = RootCommand.commandLine(env);
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    String[] all = new String[args.length + 2];
    all[0] = "--env-file";
    all[1] = envFile.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    assertThat(cli.execute(all)).as(out.toString()).isZero();
    return out.toString();
  }

  @Test
  void serve_withATokenTheCloudRefuses_servesTheGraph_holdsSync_andPushesWithTheRightToken()
      throws Exception {
    long queued = seedQueuedChanges();
    Map<String, String> refused =
        cloud(Map.of(SyncSettings.API_TOKEN, REFUSED_TOKEN, SyncSettings.ACCESS_RETRY_MS, "60000"));
    CommandLine serve = RootCommand.commandLine(refused);
    RootCommand root = serve.getCommand();
    serve.setOut(new PrintWriter(new StringWriter(), true));
    serve.setErr(new PrintWriter(new StringWriter(), true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> serve.execute("--env-file", envFile.toString(), "serve"));
    try {
      int port = root.serving().get(60, TimeUnit.SECONDS);

      HttpResponse<String> query = get(port, "/api/graph/memories/b/associations");
      assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
      assertThat(query.body()).contains("\"source_hash\":\"a\"", "\"target_hash\":\"c\"");

      JsonNode status = json(get(port, "/api/sync/graph/status"));
      assertThat(status.path("state").asText()).isEqualTo("HELD");
      assertThat(status.path("pending").asLong()).as("still queued").isEqualTo(queued);
      assertThat(status.path("consecutive_failures").asInt()).isPositive();
      assertThat(status.path("last_error_category").asText()).isEqualTo("access_denied");
      assertThat(status.path("failing_since").isNull()).isFalse();
      assertThat(status.path("held_until").isNull()).as("when it checks again").isFalse();
      assertThat(status.path("held_reason").asText())
          .contains("refused", SyncSettings.API_TOKEN, "checks again every 1 minute");

      HttpResponse<String> health = get(port, "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      JsonNode healthBody = json(health);
      assertThat(healthBody.path("status").asText()).isEqualTo("degraded");
      assertThat(healthBody.path("database").asText()).isEqualTo("ok");
      assertThat(healthBody.path("sync_state").asText()).isEqualTo("HELD");
      assertThat(healthBody.path("reason").asText())
          .startsWith("sync is held:")
          .contains(SyncSettings.API_TOKEN);

      assertThat(get(port, "/metrics").body())
          .contains("hybrid_graph_sync_held 1.0")
          .containsPattern("hybrid_graph_sync_consecutive_failures [1-9]")
          .containsPattern(
              "hybrid_graph_sync_failures_total\\{operation=\"prepare\",reason=\"access_denied\"}"
                  + " [1-9]");

      // The command line, another process on the same database, serves the graph and tells the
      // held sync too.
      assertThat(cli(refused, "connected", "a", "--json"))
          .containsPattern("\"hash\"\\s*:\\s*\"b\"");
      assertThat(cli(refused, "sync", "status"))
          .containsPattern("sync\\s+on \\(HELD\\)")
          .containsPattern("pending\\s+" + queued)
          .containsPattern("failures\\s+[1-9]\\d* in a row since");

      for (String body :
          new String[] {
            status.toString(), healthBody.toString(), get(port, "/metrics").body(),
          }) {
        assertThat(body).doesNotContain(REFUSED_TOKEN);
      }
    } finally {
      root.stop();
    }
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();

    try (TestServer server = TestServer.start(dir, SyncHttpTest.cloud(d1))) {
      await()
          .atMost(AT_MOST)
          .until(() -> json(server.get("/api/sync/graph/status")).path("pending").asLong() == 0);
      JsonNode status = json(server.get("/api/sync/graph/status"));
      assertThat(status.path("state").asText()).isEqualTo("RUNNING");
      assertThat(status.path("consecutive_failures").asInt()).isZero();
      assertThat(status.path("last_error").isNull()).isTrue();
      assertThat(status.path("last_push").isNull()).isFalse();
      assertThat(json(server.get("/health")).path("status").asText()).isEqualTo("ok");
      JsonNode drift = json(server.post("/api/sync/graph/drift", ""));
      assertThat(drift.path("buckets_compared").asInt()).as("the rows reached D1").isPositive();
      assertThat(drift.path("buckets_differing").asInt()).isZero();
    }
  }

  @Test
  void serve_whileTheCloudRefusesForAWhile_isHeld_andResumesByItself() {
    long queued = seedQueuedChanges();
    d1.injectFault(Map.of("status", 403, "count", 2));

    try (TestServer server =
        TestServer.start(dir, cloud(Map.of(SyncSettings.ACCESS_RETRY_MS, "1000")))) {
      JsonNode held = json(server.get("/api/sync/graph/status"));
      assertThat(held.path("state").asText()).isEqualTo("HELD");
      assertThat(held.path("pending").asLong()).isEqualTo(queued);
      assertThat(json(server.get("/health")).path("status").asText()).isEqualTo("degraded");

      await()
          .atMost(AT_MOST)
          .untilAsserted(
              () -> {
                JsonNode status = json(server.get("/api/sync/graph/status"));
                assertThat(status.path("pending").asLong()).isZero();
                assertThat(status.path("state").asText()).isEqualTo("RUNNING");
                assertThat(status.path("held_reason").isNull()).isTrue();
              });
      assertThat(json(server.get("/health")).path("status").asText()).isEqualTo("ok");
    }
  }

  @Test
  void serve_withADatabaseIdTheCloudDoesNotKnow_isHeld_sayingWhichIdsToCheck() {
    seedQueuedChanges();

    try (TestServer server =
        TestServer.start(dir, cloud(Map.of(SyncSettings.DATABASE_ID, "no-such-database")))) {
      JsonNode status = json(server.get("/api/sync/graph/status"));
      assertThat(status.path("state").asText()).isEqualTo("HELD");
      assertThat(status.path("held_reason").asText())
          .contains(SyncSettings.ACCOUNT_ID, SyncSettings.DATABASE_ID, "checks again every");
      assertThat(server.get("/api/graph/memories/a/associations").statusCode()).isEqualTo(200);
    }
  }
}
