package io.hybridgraph.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridgraph.sync.SyncSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  private static final String READY_PREFIX = "local-d1 listening on ";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final URI url;
  private final String token;
  private final Deque<String> stderrTail;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private boolean closed;

  private LocalD1Process(Process process, URI url, String token, Deque<String> stderrTail) {
    this.process = process;
    this.url = url;
    this.token = token;
    this.stderrTail = stderrTail;
  }

  /**
   * Finds {@code local-d1/}: the nearest ancestor of the working directory, or of the directory
   * holding this application's jar, that has {@code local-d1/server.mjs}.
   */
  public static Optional<Path> locate() {
    Optional<Path> fromWorkingDir = locateFrom(Path.of("").toAbsolutePath());
    if (fromWorkingDir.isPresent()) {
      return fromWorkingDir;
    }
    try {
      URL location = LocalD1Process.class.getProtectionDomain().getCodeSource().getLocation();
      return locateFrom(Path.of(location.toURI()).toAbsolutePath());
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> locateFrom(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("local-d1");
      if (Files.isRegularFile(candidate.resolve("server.mjs"))) {
        return Optional.of(candidate.normalize());
      }
    }
    return Optional.empty();
  }

  /**
   * Starts {@code node server.mjs} in {@code dir}, installing its npm packages with {@code npm ci}
   * first when {@code node_modules} is missing.
   *
   * @param node the Node.js executable ({@code node} on the PATH, say)
   * @param progress told about a long step (the npm install)
   * @throws IllegalStateException saying what is missing (Node.js, server.mjs, the packages) or
   *     what the server printed when it did not start in time
   */
  public static LocalD1Process start(Path dir, String node, Consumer<String> progress) {
    Path local = dir.toAbsolutePath().normalize();
    if (!Files.isRegularFile(local.resolve("server.mjs"))) {
      throw new IllegalStateException(
          local + " is not the local D1: it has no server.mjs (pass --local-d1 DIR)");
    }
    checkNode(node);
    if (!Files.isDirectory(local.resolve("node_modules").resolve("miniflare"))) {
      progress.accept("installing the local D1's packages (npm ci in " + local + ") ...");
      try {
        run(List.of("npm", "ci", "--no-audit", "--no-fund"), local, INSTALL_TIMEOUT);
      } catch (IllegalStateException e) {
        throw new IllegalStateException(
            "the local D1's packages are missing and 'npm ci' in "
                + local
                + " failed ("
                + e.getMessage()
                + "); run 'npm ci' in "
                + local
                + " yourself",
            e);
      }
    }
    String token = HexFormat.of().formatHex(randomBytes(16));
    List<String> command =
        List.of(
            node,
            "server.mjs",
            "--port",
            "0",
            "--exit-on-stdin-close",
            "--account",
            ACCOUNT,
            "--databases",
            DATABASE);
    // workerd refuses a worker script path that climbs out of the working directory with "..",
    // so the server runs from local-d1/ itself.
    ProcessBuilder builder = new ProcessBuilder(command).directory(local.toFile());
    builder.environment().put("NO_COLOR", "1");
    // server.mjs reads --token from this variable too; the environment keeps it out of the
    // process list, which other users of the machine can read.
    builder.environment().put("LOCAL_D1_TOKEN", token);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start the local D1 with '" + node + "': " + e.getMessage(), e);
    }
    Deque<String> stderrTail = new ArrayDeque<>();
    drain(process.getErrorStream(), stderrTail);
    CompletableFuture<String> ready = readyLine(process);
    try {
      String listening = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return new LocalD1Process(process, URI.create(listening), token, stderrTail);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(process);
      throw new IllegalStateException("interrupted while starting the local D1", e);
    } catch (ExecutionException | TimeoutException | IllegalArgumentException e) {
      stop(process);
      String tail;
      synchronized (stderrTail) {
        tail = String.join("\n", stderrTail);
      }
      throw new IllegalStateException(
          "the local D1 (node server.mjs in "
              + local
              + ") did not print '"
              + READY_PREFIX
              + "URL' within "
              + START_TIMEOUT.toSeconds()
              + " s"
              + (tail.isBlank() ? "" : "; its output:\n" + tail.replace(token, "***")),
          e);
    }
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
          "the local D1 at " + url + " cannot be reached: " + e + diagnostics(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying the local D1", e);
    }
  }

  /** Stops the server: closes its stdin, asks it to stop, and kills it if it does not. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop(process);
  }

  @Override
  public String toString() {
    return "LocalD1Process[" + url + ", account " + ACCOUNT + ", database " + DATABASE + "]";
  }

  private String diagnostics() {
    if (process.isAlive()) {
      return "";
    }
    synchronized (stderrTail) {
      return "; the server exited with status "
          + process.exitValue()
          + ", last output:\n"
          + String.join("\n", stderrTail).replace(token, "***");
    }
  }

  private static void stop(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already closed: destroy() below stops it anyway.
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void checkNode(String node) {
    String version;
    try {
      version = run(List.of(node, "--version"), null, Duration.ofSeconds(30)).strip();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "the demo runs the local D1 on Node.js 20 or later, but '"
              + node
              + " --version' failed ("
              + e.getMessage()
              + "); install Node.js 20+ or point LOCAL_D1_NODE at it",
          e);
    }
    int major;
    try {
      major = Integer.parseInt(version.replaceFirst("^v", "").split("\\.")[0]);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("cannot read the Node.js version from '" + version + "'", e);
    }
    if (major < 20) {
      throw new IllegalStateException(
          "the local D1 needs Node.js 20 or later, found " + version + " at '" + node + "'");
    }
  }

  private static CompletableFuture<String> readyLine(Process process) {
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread stdout =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  if (line.startsWith(READY_PREFIX)) {
                    ready.complete(line.substring(READY_PREFIX.length()).strip());
                  }
                }
                ready.completeExceptionally(new IOException("stdout closed before the ready line"));
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
            },
            "demo-local-d1-stdout");
    stdout.setDaemon(true);
    stdout.start();
    return ready;
  }

  private static void drain(InputStream stream, Deque<String> tail) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 40) {
                      tail.removeFirst();
                    }
                  }
                }
              } catch (IOException ignored) {
                // The process ended.
              }
            },
            "demo-local-d1-stderr");
    thread.setDaemon(true);
    thread.start();
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  /** Runs a short command and returns its output; throws with the output when it fails. */
  private static String run(List<String> command, Path dir, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (dir != null) {
      builder.directory(dir.toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return "";
              }
            });
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " timed out after " + timeout);
      }
      String text = output.get(10, TimeUnit.SECONDS);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " exited with "
                + process.exitValue()
                + ": "
                + text.strip());
      }
      return text;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the output of " + command, e);
    }
  }
}
