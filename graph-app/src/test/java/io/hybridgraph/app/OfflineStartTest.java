package io.hybridgraph.app;

import static io.hybridgraph.app.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.app.config.SyncSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local first: an unreachable cloud never stops the device from serving its graph, and its status
 * and health say that sync is failing.
 */
class OfflineStartTest {

  @TempDir Path dir;

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void serve_withTheCloudUnreachable_startsAndStoresLocally_queueingTheChange_andSaysSo()
      throws IOException {
    Map<String, String> env =
        Map.of(
            SyncSettings.ACCOUNT_ID, "acct",
            SyncSettings.DATABASE_ID, "db-1",
            SyncSettings.API_TOKEN, "unreachable-cloud-token",
            SyncSettings.ENDPOINT, "http://127.0.0.1:" + closedPort(),
            SyncSettings.INITIAL_BACKOFF_MS, "100");
    try (TestServer server = TestServer.start(dir, env)) {
      HttpResponse<String> stored =
          server.post("/api/graph/associations", TestServer.association("a", "b", "follows", 0.3));

      assertThat(stored.statusCode()).isEqualTo(201);
      HttpResponse<String> health = server.get("/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(json(health).path("status").asText()).isEqualTo("degraded");
      assertThat(json(health).path("reason").asText()).startsWith("sync is failing: ");
      var status = json(server.get("/api/sync/graph/status"));
      assertThat(status.path("enabled").asBoolean()).isTrue();
      assertThat(status.path("pending").asLong()).isEqualTo(1);
      assertThat(status.path("state").asText()).isEqualTo("FAILING");
      assertThat(status.path("last_error").asText()).startsWith("prepare failed: ");
      assertThat(status.path("last_error_category").asText()).isEqualTo("unavailable");
      assertThat(status.path("consecutive_failures").asInt()).isPositive();
    }
  }
}
