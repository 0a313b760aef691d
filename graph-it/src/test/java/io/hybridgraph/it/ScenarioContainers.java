package io.hybridgraph.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Containers for the scenarios that need more control than {@link SyncCluster}: the local D1 with
 * its test endpoints ({@code /__stats}), devices on named Docker volumes that survive the container
 * (kill and restart), devices started on a SQLite file prepared on the host. Everything made here
 * is removed by {@link #close()}.
 */
final class ScenarioContainers implements AutoCloseable {

  final Network network = Network.newNetwork();
  final DockerClient docker = DockerClientFactory.instance().client();
  private final List<GenericContainer<?>> containers = new ArrayList<>();
  private final List<String> volumes = new ArrayList<>();
  private final List<Network> networks = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private GenericContainer<?> d1Container;
  D1 d1;

  /** Fails (never skips) when Docker or an image is missing. */
  static ScenarioContainers create() {
    SyncCluster.requireDockerAndImages();
    return new ScenarioContainers();
  }

  /** Starts the local D1 with its test endpoints on (for {@code /__stats}). */
  D1 startD1() {
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
    d1 = new D1(d1Base(), SyncCluster.D1_ACCOUNT, SyncCluster.D1_DATABASE, SyncCluster.D1_TOKEN);
    return d1;
  }

  private String d1Base() {
    return "http://" + d1Container.getHost() + ":" + d1Container.getMappedPort(SyncCluster.D1_PORT);
  }

  /** The total number of D1 API requests made to the test database since the last reset. */
  long d1Requests() throws IOException, InterruptedException {
    JsonNode stats = d1Stats();
    return stats.path("databases").path(SyncCluster.D1_DATABASE).path("total").asLong();
  }

  JsonNode d1Stats() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(d1Base() + "/__stats"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + SyncCluster.D1_TOKEN)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("/__stats: " + response.statusCode() + " " + response.body());
    }
    return Device.JSON.readTree(response.body());
  }

  /** Queues faults in the local D1 ({@code POST /__faults}, body {@code {"faults": [...]}}). */
  void d1Faults(String body) throws IOException, InterruptedException {
    d1TestEndpoint("/__faults", HttpRequest.BodyPublishers.ofString(body), "POST");
  }

  /** Drops every pending fault of the local D1. */
  void clearD1Faults() throws IOException, InterruptedException {
    d1TestEndpoint("/__faults", HttpRequest.BodyPublishers.noBody(), "DELETE");
  }

  private void d1TestEndpoint(String path, HttpRequest.BodyPublisher body, String method)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(d1Base() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
    }
  }

  /** A new Docker network, removed on close. */
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
        .withContainerNetwork(
            new com.github.dockerjava.api.model.ContainerNetwork().withAliases(device.name))
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
            .map(com.github.dockerjava.api.model.ContainerNetwork::getIpAddress)
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException(device.name + " is not on network " + other));
    return new Device(
        device.name, device.container, "http://" + address + ":" + SyncCluster.HTTP_PORT);
  }

  /** A new named Docker volume, removed on close. */
  String newVolume() {
    String name = "hgs-it-" + UUID.randomUUID();
    docker.createVolumeCmd().withName(name).exec();
    volumes.add(name);
    return name;
  }

  /** How a device container is made. */
  static final class DeviceSpec {
    final String alias;
    String volume;
    Path databaseFile;
    String databasePath;
    final Map<String, String> env = new java.util.LinkedHashMap<>();

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
  }

  /** Starts a device (the app image, as {@link SyncCluster} does) and waits for its health. */
  Device startDevice(DeviceSpec spec) {
    GenericContainer<?> container =
        new GenericContainer<>(DockerImageName.parse(SyncCluster.APP_IMAGE))
            .withNetwork(network)
            .withNetworkAliases(spec.alias)
            .withEnv("HYBRID_GRAPH_DEVICE_ID", spec.alias)
            .withEnv("HYBRID_GRAPH_DATA_DIR", "/data")
            .withEnv("HYBRID_GRAPH_HTTP_HOST", "0.0.0.0")
            .withEnv("HYBRID_GRAPH_HTTP_PORT", String.valueOf(SyncCluster.HTTP_PORT))
            .withEnv("HYBRID_GRAPH_API_TOKEN", SyncCluster.API_TOKEN)
            .withEnv("CLOUDFLARE_API_TOKEN", SyncCluster.D1_TOKEN)
            .withEnv("CLOUDFLARE_ACCOUNT_ID", SyncCluster.D1_ACCOUNT)
            .withEnv("CLOUDFLARE_D1_DATABASE_ID", SyncCluster.D1_DATABASE)
            .withEnv("D1_FORWARD", "d1:" + SyncCluster.D1_PORT)
            .withEnv("HYBRID_GRAPH_D1_ENDPOINT", "http://127.0.0.1:" + SyncCluster.D1_PORT)
            .withExposedPorts(SyncCluster.HTTP_PORT)
            .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("tc." + spec.alias)))
            .waitingFor(
                Wait.forHttp("/health")
                    .forPort(SyncCluster.HTTP_PORT)
                    .withHeader("Authorization", "Bearer " + SyncCluster.API_TOKEN)
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofSeconds(90)));
    spec.env.forEach(container::withEnv);
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
    remove(device.container);
  }

  /** Graceful stop (SIGTERM) without removing the container, so files can be copied out. */
  void stopGracefully(Device device) {
    docker.stopContainerCmd(device.container.getContainerId()).withTimeout(20).exec();
  }

  void remove(GenericContainer<?> container) {
    containers.remove(container);
    try {
      container.stop();
    } catch (RuntimeException e) {
      // already gone
    }
  }

  private void start(GenericContainer<?> container) {
    containers.add(container);
    container.start();
  }

  @Override
  public void close() {
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
    networks.add(network);
    for (Network each : networks) {
      try {
        each.close();
      } catch (RuntimeException e) {
        // already gone
      }
    }
    networks.clear();
  }
}
