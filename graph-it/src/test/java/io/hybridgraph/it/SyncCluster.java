package io.hybridgraph.it;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.exception.NotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The local D1 and two devices on one Docker network: {@code d1} (the local D1 image) and {@code
 * device-a}, {@code device-b} (the app image, each with its own {@code /data} volume), all started
 * from the images that {@code scripts/it-environment.sh} builds. Nothing is pulled.
 */
final class SyncCluster implements AutoCloseable {

  static final String D1_IMAGE = "hybrid-graph-sync/local-d1:test";
  static final String APP_IMAGE = "hybrid-graph-sync/app:test";
  static final int D1_PORT = 8787;
  static final int HTTP_PORT = 8765;
  static final String D1_TOKEN = "it-d1-token-5b0c1e";
  static final String D1_ACCOUNT = "local-account";
  static final String D1_DATABASE = "00000000-0000-4000-8000-000000000001";
  static final String API_TOKEN = "it-api-token-0123456789abcdef";

  private static final String HOW_TO_FIX =
      " Run `bash scripts/it-environment.sh` (it starts a Docker engine and builds the local"
          + " images), then `mvn -B -pl graph-it -am verify`.";

  final Network network;
  final GenericContainer<?> d1Container;
  final D1 d1;
  final Device deviceA;
  final Device deviceB;
  private final List<GenericContainer<?>> started = new ArrayList<>();

  private SyncCluster() {
    network = Network.newNetwork();
    d1Container =
        new GenericContainer<>(DockerImageName.parse(D1_IMAGE))
            .withNetwork(network)
            .withNetworkAliases("d1")
            .withEnv(Map.of("LOCAL_D1_TOKEN", D1_TOKEN, "LOCAL_D1_ACCOUNT", D1_ACCOUNT))
            .withExposedPorts(D1_PORT)
            .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("tc.d1")))
            .waitingFor(
                Wait.forLogMessage(".*local-d1 listening on .*\\n", 1)
                    .withStartupTimeout(Duration.ofSeconds(60)));
    start(d1Container);
    d1 =
        new D1(
            "http://" + d1Container.getHost() + ":" + d1Container.getMappedPort(D1_PORT),
            D1_ACCOUNT,
            D1_DATABASE,
            D1_TOKEN);
    deviceA = new Device("device-a", startDevice("device-a"));
    deviceB = new Device("device-b", startDevice("device-b"));
  }

  /** Fails (never skips) when Docker or one of the local images is missing, saying what to do. */
  static SyncCluster start() {
    requireDockerAndImages();
    return new SyncCluster();
  }

  static void requireDockerAndImages() {
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      docker = false;
    }
    if (!docker) {
      fail("No Docker engine is reachable, so the integration tests cannot run." + HOW_TO_FIX);
    }
    for (String image : List.of(D1_IMAGE, APP_IMAGE, "debian:bookworm-slim")) {
      try {
        DockerClientFactory.instance().client().inspectImageCmd(image).exec();
      } catch (NotFoundException e) {
        fail(
            "The Docker image "
                + image
                + " is missing (no registry is reachable, it is built locally)."
                + HOW_TO_FIX);
      }
    }
  }

  private GenericContainer<?> startDevice(String alias) {
    GenericContainer<?> device =
        new GenericContainer<>(DockerImageName.parse(APP_IMAGE))
            .withNetwork(network)
            .withNetworkAliases(alias)
            .withEnv("HYBRID_GRAPH_DEVICE_ID", alias)
            .withEnv("HYBRID_GRAPH_DATA_DIR", "/data")
            .withEnv("HYBRID_GRAPH_HTTP_HOST", "0.0.0.0")
            .withEnv("HYBRID_GRAPH_HTTP_PORT", String.valueOf(HTTP_PORT))
            .withEnv("HYBRID_GRAPH_API_TOKEN", API_TOKEN)
            .withEnv("CLOUDFLARE_API_TOKEN", D1_TOKEN)
            .withEnv("CLOUDFLARE_ACCOUNT_ID", D1_ACCOUNT)
            .withEnv("CLOUDFLARE_D1_DATABASE_ID", D1_DATABASE)
            // The app allows plain http to D1 only on a loopback address; the image's entrypoint
            // forwards 127.0.0.1:8787 to d1:8787 on the test network (D1_FORWARD).
            .withEnv("D1_FORWARD", "d1:" + D1_PORT)
            .withEnv("HYBRID_GRAPH_D1_ENDPOINT", "http://127.0.0.1:" + D1_PORT)
            .withExposedPorts(HTTP_PORT)
            .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("tc." + alias)))
            .waitingFor(
                Wait.forHttp("/health")
                    .forPort(HTTP_PORT)
                    .withHeader("Authorization", "Bearer " + API_TOKEN)
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofSeconds(90)));
    start(device);
    return device;
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
