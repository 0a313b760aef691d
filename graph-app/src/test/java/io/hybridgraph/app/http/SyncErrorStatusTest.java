package io.hybridgraph.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridgraph.app.Application;
import io.hybridgraph.app.config.AppConfig;
import io.hybridgraph.app.config.HttpSettings;
import io.hybridgraph.app.config.StoreSettings;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.sync.port.in.DriftReport;
import io.hybridgraph.sync.port.in.InitialSyncResult;
import io.hybridgraph.sync.port.in.PushReport;
import io.hybridgraph.sync.port.in.SyncControl;
import io.hybridgraph.sync.port.in.SyncDisabledException;
import io.hybridgraph.sync.port.in.SyncListener;
import io.hybridgraph.sync.port.in.SyncStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the HTTP API answers a sync operation that fails: 409 only when sync is off; a local failure
 * (the disk under the store) is a 500 with a generic message, whatever exception type it comes as;
 * a cloud failure a 502.
 */
class SyncErrorStatusTest {

  private static final String DISK_ERROR = "[SQLITE_IOERR] disk I/O error in /data/memory_graph.db";

  @TempDir Path dir;

  private final FailingSync sync = new FailingSync();
  private final HttpClient http = HttpClient.newHttpClient();
  private Application app;
  private ApiServer server;

  @BeforeEach
  void start() {
    AppConfig config =
        AppConfig.fromEnvironment(
            Map.of(
                StoreSettings.DATA_DIR, dir.toString(),
                StoreSettings.DURABILITY, "normal",
                HttpSettings.PORT, "0"));
    app = Application.open(config);
    server =
        new ApiServer(
            config.http(),
            app.graph(),
            sync,
            HttpModule.objectMapper(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
    app.close();
  }

  private HttpResponse<String> post(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode error(HttpResponse<String> response) throws IOException {
    return HttpModule.objectMapper().readTree(response.body()).path("error");
  }

  @Test
  void forcedPush_whenSyncIsOff_is409_sayingHowToTurnItOn() throws Exception {
    sync.failure = () -> new SyncDisabledException("graph sync is off: set CLOUDFLARE_API_TOKEN");

    HttpResponse<String> response = post("/api/sync/graph/force");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(error(response).path("field").asText()).isEqualTo("sync");
    assertThat(error(response).path("message").asText())
        .isEqualTo("graph sync is off: set CLOUDFLARE_API_TOKEN");
  }

  @Test
  void forcedPush_failingOnTheLocalDisk_is500_withAGenericMessage() throws Exception {
    sync.failure = () -> new IllegalStateException(DISK_ERROR);

    HttpResponse<String> response = post("/api/sync/graph/force");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
    assertThat(error(response).path("field").asText()).isEqualTo("server");
    assertThat(error(response).path("message").asText())
        .isEqualTo("internal error; see the server log");
    assertThat(response.body()).doesNotContain("disk I/O", "memory_graph.db");
  }

  @Test
  void driftAndInitialSync_failingLocally_are500_notAConflict() throws Exception {
    sync.failure = () -> new IllegalStateException(DISK_ERROR);

    assertThat(post("/api/sync/graph/drift").statusCode()).isEqualTo(500);
    assertThat(post("/api/sync/graph/initial").statusCode()).isEqualTo(500);
  }

  @Test
  void forcedPush_failingInTheCloud_is502() throws Exception {
    sync.failure = () -> new RemoteGraphException.Unavailable("HTTP 503 from D1", 503, null, null);

    HttpResponse<String> response = post("/api/sync/graph/force");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(error(response).path("field").asText()).isEqualTo("cloud");
  }

  /** Sync control whose operations fail with a chosen exception; status and events work. */
  private static final class FailingSync implements SyncControl {
    volatile Supplier<RuntimeException> failure;

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public SyncStatus status() {
      return SyncStatus.disabled(0);
    }

    @Override
    public PushReport forceGraphSync() {
      throw failure.get();
    }

    @Override
    public CompletableFuture<InitialSyncResult> startInitialSync() {
      throw failure.get();
    }

    @Override
    public DriftReport checkDrift(boolean repair) {
      throw failure.get();
    }

    @Override
    public AutoCloseable subscribe(SyncListener listener) {
      return () -> {};
    }
  }
}
