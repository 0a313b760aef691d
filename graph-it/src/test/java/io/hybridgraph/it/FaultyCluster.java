package io.hybridgraph.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Like {@link SyncCluster}, but the local D1 runs with its test-only fault switch ({@code
 * LOCAL_D1_FAULTS=1}: {@code /__faults}, {@code /__stats}) and each device takes extra settings. A
 * device can be cut off from D1 and reconnected by stopping and restarting the loopback forwarder
 * of its image ({@code socat}), while its HTTP API stays reachable.
 */
final class FaultyCluster implements AutoCloseable {

  final Network network;
  final GenericContainer<?> d1Container;
  final D1 d1;
  final Device deviceA;
  final Device deviceB;
  private final String d1Base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<GenericContainer<?>> started = new ArrayList<>();

  private FaultyCluster(Map<String, String> envA, Map<String, String> envB) {
    network = Network.newNetwork();
    d1Container =
        new GenericContainer<>(DockerImageName.parse(SyncCluster.D1_IMAGE))
            .withNetwork(network)
            .withNetworkAliases("d1")
            .withEnv(
                Map.of(
                    "LOCAL_D1_TOKEN",
                    SyncCluster.D1_TOKEN,
                    "LOCAL_D1_ACCOUNT",
                    SyncCluster.D1_ACCOUNT,
                    "LOCAL_D1_FAULTS",
                    "1"))
            .withExposedPorts(SyncCluster.D1_PORT)
            .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("tc.d1")))
            .waitingFor(
                Wait.forLogMessage(".*local-d1 listening on .*\\n", 1)
                    .withStartupTimeout(Duration.ofSeconds(60)));
    start(d1Container);
    d1Base =
        "http://" + d1Container.getHost() + ":" + d1Container.getMappedPort(SyncCluster.D1_PORT);
    d1 = new D1(d1Base, SyncCluster.D1_ACCOUNT, SyncCluster.D1_DATABASE, SyncCluster.D1_TOKEN);
    deviceA = new Device("device-a", startDevice("device-a", envA));
    deviceB = new Device("device-b", startDevice("device-b", envB));
  }

  /** Fails (never skips) when Docker or one of the local images is missing. */
  static FaultyCluster start(Map<String, String> envA, Map<String, String> envB) {
    SyncCluster.requireDockerAndImages();
    return new FaultyCluster(envA, envB);
  }

  private GenericContainer<?> startDevice(String alias, Map<String, String> extra) {
    GenericContainer<?> device =
        new GenericContainer<>(DockerImageName.parse(SyncCluster.APP_IMAGE))
            .withNetwork(network)
            .withNetworkAliases(alias)
            .withEnv("HYBRID_GRAPH_DEVICE_ID", alias)
            .withEnv("HYBRID_GRAPH_DATA_DIR", "/data")
            .withEnv("HYBRID_GRAPH_HTTP_HOST", "0.0.0.0")
            .withEnv("HYBRID_GRAPH_HTTP_PORT", String.valueOf(SyncCluster.HTTP_PORT))
            .withEnv("HYBRID_GRAPH_API_TOKEN", SyncCluster.API_TOKEN)
            .withEnv("CLOUDFLARE_API_TOKEN", SyncCluster.D1_TOKEN)
            .withEnv("CLOUDFLARE_ACCOUNT_ID", SyncCluster.D1_ACCOUNT)
            .withEnv("CLOUDFLARE_D1_DATABASE_ID", SyncCluster.D1_DATABASE)
            .withEnv("D1_FORWARD", "d1:" + SyncCluster.D1_PORT)
            .withEnv("HYBRID_GRAPH_D1_ENDPOINT", "http://127.0.0.1:" + SyncCluster.D1_PORT)
            .withEnv(extra)
            .withExposedPorts(SyncCluster.HTTP_PORT)
            .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("tc." + alias)))
            .waitingFor(
                Wait.forHttp("/health")
                    .forPort(SyncCluster.HTTP_PORT)
                    .withHeader("Authorization", "Bearer " + SyncCluster.API_TOKEN)
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofSeconds(90)));
    start(device);
    return device;
  }

  /** Cuts the device off from D1: its forwarder stops, so every D1 request is refused. */
  static void disconnect(Device device) throws IOException, InterruptedException {
    Container.ExecResult result =
        device.container.execInContainer(
            "sh",
            "-c",
            "for p in /proc/[0-9]*; do"
                + " if [ \"$(cat $p/comm 2>/dev/null)\" = socat ]; then kill -9 ${p#/proc/}; fi;"
                + " done; true");
    if (result.getExitCode() != 0) {
      throw new IllegalStateException("disconnect failed: " + result);
    }
  }

  /** Restarts the device's forwarder to D1. */
  static void reconnect(Device device) throws IOException, InterruptedException {
    Container.ExecResult result =
        device.container.execInContainer(
            "sh",
            "-c",
            "setsid socat TCP-LISTEN:"
                + SyncCluster.D1_PORT
                + ",bind=127.0.0.1,fork,reuseaddr TCP:d1:"
                + SyncCluster.D1_PORT
                + " </dev/null >/dev/null 2>&1 &");
    if (result.getExitCode() != 0) {
      throw new IllegalStateException("reconnect failed: " + result);
    }
  }

  /** Queues faults on the local D1 ({@code POST /__faults}, body {@code {"faults": [...]}}). */
  void faults(String faultsArrayJson) throws IOException, InterruptedException {
    send("POST", "/__faults", "{\"faults\": " + faultsArrayJson + "}");
  }

  /** {@code GET /__stats} of the local D1. */
  JsonNode stats() throws IOException, InterruptedException {
    return Device.JSON.readTree(send("GET", "/__stats", null));
  }

  /** {@code DELETE /__stats} of the local D1. */
  void resetStats() throws IOException, InterruptedException {
    send("DELETE", "/__stats", null);
  }

  private String send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(d1Base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private void start(GenericContainer<?> container) {
    started.add(container);
    try {
      container.start();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).stop();
      } catch (RuntimeException e) {
        // keep stopping the others
      }
    }
    started.clear();
    try {
      network.close();
    } catch (RuntimeException e) {
      // already gone
    }
  }
}
