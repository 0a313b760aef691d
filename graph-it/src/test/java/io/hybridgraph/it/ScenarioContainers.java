package io.hybridgraph.it;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The containers of one scenario, as a JUnit extension on a test instance field: before each test
 * it checks that Docker and the local images are there (failing, never skipping, with what to do
 * when not) and makes a Docker network; the test starts the local D1 ({@code d1}) and its devices
 * (the app image, alias = device id) on it; after the test everything made here is removed.
 *
 * <pre>
 * &#64;RegisterExtension final ScenarioContainers containers = new ScenarioContainers();
 * </pre>
 *
 * <p>Besides starting containers it reaches the local D1's test endpoints ({@code /__faults},
 * {@code /__stats}), cuts a device off from D1 in two ways (stopping its loopback forwarder, or
 * disconnecting it from the Docker network), kills and stops devices, and makes named volumes that
 * survive a device container. All images are built by {@code scripts/it-environment.sh}; nothing is
 * pulled.
 */
final class ScenarioContainers implements BeforeEachCallback, AfterEachCallback {

  static final String D1_IMAGE = "hybrid-graph-sync/local-d1:test";
  static final String APP_IMAGE = "hybrid-graph-sync/app:test";
  static final String BASE_IMAGE = "debian:bookworm-slim";
  static final int D1_PORT = 8787;
  static final int HTTP_PORT = 8765;
  static final String D1_TOKEN = "it-d1-token-5b0c1e";
  static final String D1_ACCOUNT = "local-account";
  static final String D1_DATABASE = "00000000-0000-4000-8000-000000000001";
  static final String API_TOKEN = "it-api-token-0123456789abcdef";

  private static final String HOW_TO_FIX =
      " Run `bash scripts/it-environment.sh` (it starts a Docker engine and builds the local"
          + " images), then `mvn -B -pl graph-it -am verify`.";

  private final List<GenericContainer<?>> containers = new ArrayList<>();
  private final List<String> volumes = new ArrayList<>();
  private final List<Network> networks = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private DockerClient docker;
  private GenericContainer<?> d1Container;

  /** The network the local D1 and every device start on. */
  Network network;

  /** The local D1's REST API, once {@link #startD1()} ran. */
  D1 d1;

  @Override
  public void beforeEach(ExtensionContext context) {
    requireDockerAndImages();
    docker = DockerClientFactory.instance().client();
    network = newNetwork();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (int i = containers.size() - 1; i >= 0; i--) {
      try {
        containers.get(i).stop();
      } catch (RuntimeException e) {
        // keep stopping the others
      }
    }
    containers.clear();
    for (String volume : volumes) {
      try {
        docker.removeVolumeCmd(volume).exec();
      } catch (RuntimeException e) {
        // keep removing the others
      }
    }
    volumes.clear();
    for (Network each : networks) {
      try {
        each.close();
      } catch (RuntimeException e) {
        // already gone
      }
    }
    networks.clear();
  }

  private static void requireDockerAndImages() {
    boolean available;
    try {
      available = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      available = false;
    }
    if (!available) {
      fail("No Docker engine is reachable, so the integration tests cannot run." + HOW_TO_FIX);
    }
    for (String image : List.of(D1_IMAGE, APP_IMAGE, BASE_IMAGE)) {
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

  // --- the local D1 ----------------------------------------------------------------------------

  /** Starts the local D1 as {@code d1}, with its test-only endpoints on. */
  D1 startD1() {
    d1Container =
        new GenericContainer<>(DockerImageName.parse(D1_IMAGE))
            .withNetwork(network)
            .withNetworkAliases("d1")
            .withEnv(
                Map.of(
                    "LOCAL_D1_TOKEN", D1_TOKEN,
                    "LOCAL_D1_ACCOUNT", D1_ACCOUNT,
                    "LOCAL_D1_FAULTS", "1"))
            .withExposedPorts(D1_PORT)
            .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("tc.d1")))
            .waitingFor(
                Wait.forLogMessage(".*local-d1 listening on .*\\n", 1)
                    .withStartupTimeout(Duration.ofSeconds(60)));
    start(d1Container);
    d1 = new D1(d1Base(), D1_ACCOUNT, D1_DATABASE, D1_TOKEN);
    return d1;
  }

  private String d1Base() {
    return "http://" + d1Container.getHost() + ":" + d1Container.getMappedPort(D1_PORT);
  }

  /** The total number of D1 API requests made to the test database since the last reset. */
  long d1Requests() throws IOException, InterruptedException {
    return d1Stats().path("databases").path(D1_DATABASE).path("total").asLong();
  }

  /** {@code GET /__stats} of the local D1. */
  JsonNode d1Stats() throws IOException, InterruptedException {
    return Device.JSON.readTree(d1TestEndpoint("GET", "/__stats", null));
  }

  /** {@code DELETE /__stats}: the local D1's request counters start again from zero. */
  void resetD1Stats() throws IOException, InterruptedException {
    d1TestEndpoint("DELETE", "/__stats", null);
  }

  /** Queues faults in the local D1 ({@code POST /__faults}, body {@code {"faults": [...]}}). */
  void d1Faults(String faultsArrayJson) throws IOException, InterruptedException {
    d1TestEndpoint("POST", "/__faults", "{\"faults\": " + faultsArrayJson + "}");
  }

  /** Drops every pending fault of the local D1. */
  void clearD1Faults() throws IOException, InterruptedException {
    d1TestEndpoint("DELETE", "/__faults", null);
  }

  private String d1TestEndpoint(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(d1Base() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + D1_TOKEN)
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  // --- devices ---------------------------------------------------------------------------------

  /** How a device container is made. */
  static final class DeviceSpec {
    final String alias;
    final Map<String, String> env = new LinkedHashMap<>();
    String volume;
    Path databaseFile;
    String databasePath;

    DeviceSpec(String alias) {
      this.alias = alias;
    }

    /** Mounts this named volume at /data. */
    DeviceSpec volume(String name) {
      this.volume = name;
      return this;
    }

    /** Copies a host file to this path in the container before start (HYBRID_GRAPH_DB_PATH). */
    DeviceSpec database(Path hostFile, String containerPath) {
      this.databaseFile = hostFile;
      this.databasePath = containerPath;
      return this;
    }

    DeviceSpec env(String name, String value) {
      env.put(name, value);
      return this;
    }

    DeviceSpec env(Map<String, String> settings) {
      env.putAll(settings);
      return this;
    }
  }

  /** Starts a device with the default settings and waits for its health. */
  Device startDevice(String alias) {
    return startDevice(new DeviceSpec(alias));
  }

  /** Starts a device (the app image, its device id = its alias) and waits for its health. */
  Device startDevice(DeviceSpec spec) {
    GenericContainer<?> container =
        new GenericContainer<>(DockerImageName.parse(APP_IMAGE))
            .withNetwork(network)
            .withNetworkAliases(spec.alias)
            .withEnv("HYBRID_GRAPH_DEVICE_ID", spec.alias)
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
            .withEnv(spec.env)
            .withExposedPorts(HTTP_PORT)
            .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("tc." + spec.alias)))
            .waitingFor(
                Wait.forHttp("/health")
                    .forPort(HTTP_PORT)
                    .withHeader("Authorization", "Bearer " + API_TOKEN)
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofSeconds(90)));
    if (spec.volume != null) {
      String volume = spec.volume;
      container.withCreateContainerCmdModifier(
          cmd -> cmd.getHostConfig().withBinds(new Bind(volume, new Volume("/data"))));
    }
    if (spec.databaseFile != null) {
      container
          .withEnv("HYBRID_GRAPH_DB_PATH", spec.databasePath)
          .withCopyFileToContainer(
              MountableFile.forHostPath(spec.databaseFile, 0644), spec.databasePath);
    }
    start(container);
    return new Device(spec.alias, container);
  }

  /** SIGKILL, then removes the container (its named volume stays). */
  void kill(Device device) {
    docker.killContainerCmd(device.container.getContainerId()).withSignal("KILL").exec();
    containers.remove(device.container);
    try {
      device.container.stop();
    } catch (RuntimeException e) {
      // already gone
    }
  }

  /** Graceful stop (SIGTERM) without removing the container, so files can be copied out. */
  void stopGracefully(Device device) {
    docker.stopContainerCmd(device.container.getContainerId()).withTimeout(20).exec();
  }

  /** A new named Docker volume, removed after the test. */
  String newVolume() {
    String name = "hgs-it-" + UUID.randomUUID();
    docker.createVolumeCmd().withName(name).exec();
    volumes.add(name);
    return name;
  }

  // --- cutting a device off ----------------------------------------------------------------------

  /**
   * Cuts the device off from D1 by stopping its loopback forwarder ({@code socat}): every D1
   * request is refused at once, while the device stays on the network.
   */
  static void stopForwarder(Device device) throws IOException, InterruptedException {
    exec(
        device,
        "for p in /proc/[0-9]*; do"
            + " if [ \"$(cat $p/comm 2>/dev/null)\" = socat ]; then kill -9 ${p#/proc/}; fi;"
            + " done; true");
  }

  /** Starts the device's forwarder to D1 again. */
  static void startForwarder(Device device) throws IOException, InterruptedException {
    exec(
        device,
        "setsid socat TCP-LISTEN:"
            + D1_PORT
            + ",bind=127.0.0.1,fork,reuseaddr TCP:d1:"
            + D1_PORT
            + " </dev/null >/dev/null 2>&1 &");
  }

  private static void exec(Device device, String script) throws IOException, InterruptedException {
    Container.ExecResult result = device.container.execInContainer("sh", "-c", script);
    if (result.getExitCode() != 0) {
      throw new IllegalStateException("`" + script + "` on " + device.name + " failed: " + result);
    }
  }

  /** A new Docker network, removed after the test. */
  Network newNetwork() {
    Network other = Network.newNetwork();
    other.getId();
    networks.add(other);
    return other;
  }

  /** Connects a running device to a network too, under its alias. */
  void connect(Device device, Network other) {
    docker
        .connectToNetworkCmd()
        .withNetworkId(other.getId())
        .withContainerId(device.container.getContainerId())
        .withContainerNetwork(new ContainerNetwork().withAliases(device.name))
        .exec();
  }

  /** Disconnects a running device from a network: it can no longer reach anything on it. */
  void disconnect(Device device, Network other) {
    docker
        .disconnectFromNetworkCmd()
        .withNetworkId(other.getId())
        .withContainerId(device.container.getContainerId())
        .withForce(true)
        .exec();
  }

  /**
   * The device's API at its address on {@code other}, reached directly from the host (Linux routes
   * to every bridge network) rather than through a mapped port, whose forwarding Docker reprograms
   * when the container's networks change.
   */
  Device on(Device device, Network other) {
    String address =
        docker
            .inspectContainerCmd(device.container.getContainerId())
            .exec()
            .getNetworkSettings()
            .getNetworks()
            .values()
            .stream()
            .filter(n -> other.getId().equals(n.getNetworkID()))
            .map(ContainerNetwork::getIpAddress)
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException(device.name + " is not on network " + other));
    return new Device(device.name, device.container, "http://" + address + ":" + HTTP_PORT);
  }

  private void start(GenericContainer<?> container) {
    containers.add(container);
    container.start();
  }
}
