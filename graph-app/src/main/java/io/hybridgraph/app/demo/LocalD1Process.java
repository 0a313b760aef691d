package io.hybridgraph.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridgraph.app.config.SyncSettings;
import io.hybridgraph.d1.local.LocalD1Launcher;
import io.hybridgraph.d1.local.RunningLocalD1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A local D1 ({@code local-d1/server.mjs} on Miniflare) run as a child process for the demo: one
 * database, a random token, a free loopback port. Stops when {@link #close()} is called and,
 * through {@code --exit-on-stdin-close}, when this JVM dies.
 *
 * <p>The token never leaves this object except in {@link #environment()}, which the devices read
 * their settings from; {@link #toString()} masks it. Not thread-safe to start or close.
 */
public final class LocalD1Process implements AutoCloseable {

  /** The account id in the REST paths. */
  static final String ACCOUNT = "local-account";

  /** The one database served. */
  static final String DATABASE = "hybrid-graph-demo";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunningLocalD1 server;
  private final URI url;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LocalD1Process(RunningLocalD1 server, String token) {
    this.server = server;
    this.url = server.url();
    this.token = token;
  }

  /**
   * Finds {@code local-d1/}: the nearest ancestor of the working directory, or of the directory
   * holding this application's jar, that has {@code local-d1/server.mjs}.
   */
  public static Optional<Path> locate() {
    Optional<Path> fromWorkingDir = LocalD1Launcher.findAbove(Path.of(""));
    if (fromWorkingDir.isPresent()) {
      return fromWorkingDir;
    }
    try {
      URL location = LocalD1Process.class.getProtectionDomain().getCodeSource().getLocation();
      return LocalD1Launcher.findAbove(Path.of(location.toURI()));
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Starts {@code node server.mjs} in {@code dir} through {@link LocalD1Launcher}, which installs
   * its npm packages with {@code npm ci} first when they are missing or not the pinned version.
   *
   * @param node the Node.js executable ({@code node} on the PATH, say)
   * @param progress told about a long step (the npm install)
   * @throws IllegalStateException saying what is missing (Node.js, server.mjs, the packages) or
   *     what the server printed when it did not start in time
   */
  public static LocalD1Process start(Path dir, String node, Consumer<String> progress) {
    Path local = dir.toAbsolutePath().normalize();
    if (!LocalD1Launcher.isLocalD1(local)) {
      throw new IllegalStateException(
          local + " is not the local D1: it has no server.mjs (pass --local-d1 DIR)");
    }
    String token = HexFormat.of().formatHex(randomBytes(16));
    RunningLocalD1 server =
        LocalD1Launcher.in(local)
            .node(node, "LOCAL_D1_NODE")
            .onInstall(progress)
            .start(ACCOUNT, List.of(DATABASE), token);
    return new LocalD1Process(server, token);
  }

  /** The base URL, {@code http://127.0.0.1:PORT}. */
  public URI url() {
    return url;
  }

  /** The settings that point a device's sync at this local D1 (they hold the token). */
  public Map<String, String> environment() {
    return Map.of(
        SyncSettings.ENDPOINT, url.toString(),
        SyncSettings.ACCOUNT_ID, ACCOUNT,
        SyncSettings.DATABASE_ID, DATABASE,
        SyncSettings.API_TOKEN, token);
  }

  /**
   * Runs one read statement on the database and returns its rows as JSON objects.
   *
   * @throws IllegalStateException when the server refuses it or cannot be reached
   */
  public List<JsonNode> query(String sql, Object... params) {
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("sql", sql, "params", List.of(params)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(
                url.resolve(
                    "/client/v4/accounts/" + ACCOUNT + "/d1/database/" + DATABASE + "/query"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      JsonNode envelope = JSON.readTree(response.body());
      if (response.statusCode() != 200 || !envelope.path("success").asBoolean()) {
        throw new IllegalStateException(
            "the local D1 refused '" + sql + "': " + envelope.path("errors"));
      }
      List<JsonNode> rows = new java.util.ArrayList<>();
      envelope.path("result").path(0).path("results").forEach(rows::add);
      return rows;
    } catch (IOException e) {
      throw new IllegalStateException(
          "the local D1 at " + url + " cannot be reached: " + e + server.diagnostics(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying the local D1", e);
    }
  }

  /** Stops the server: closes its stdin, asks it to stop, and kills it if it does not. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "LocalD1Process[" + url + ", account " + ACCOUNT + ", database " + DATABASE + "]";
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
