package io.hybridgraph.d1.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one local D1 server of this JVM: {@code node local-d1/server.mjs --port 0 --faults
 * --exit-on-stdin-close}, started on first use and stopped when the JVM exits (its stdin closes
 * with the JVM even on a crash, which stops it too).
 *
 * <p>Finds {@code local-d1/} through the system property {@code local-d1.dir} or by walking up from
 * the working directory; installs its pinned npm packages with {@code npm ci} when they are missing
 * or of another version. Fails with a message saying what is missing; never skips.
 */
public final class LocalD1Server {

  /** Databases served; each test class leases one at a time. */
  static final int DATABASES = 16;

  static final String ACCOUNT = "local-account";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalD1Server instance;
  private static RuntimeException startFailure;

  private final Process process;
  private final URI url;
  private final String token;
  private final HttpClient http;
  private final BlockingQueue<String> freeDatabases;
  private final Deque<String> stderrTail;

  private LocalD1Server(
      Process process, URI url, String token, List<String> databases, Deque<String> stderrTail) {
    this.process = process;
    this.url = url;
    this.token = token;
    this.stderrTail = stderrTail;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.freeDatabases = new ArrayBlockingQueue<>(databases.size(), true, databases);
  }

  /** The server of this JVM, started on first call. */
  public static synchronized LocalD1Server get() {
    if (startFailure != null) {
      throw new IllegalStateException(
          "the local D1 failed to start earlier in this JVM: " + startFailure.getMessage(),
          startFailure);
    }
    if (instance == null) {
      try {
        instance = start();
      } catch (RuntimeException e) {
        startFailure = e;
        throw e;
      }
    }
    return instance;
  }

  public URI url() {
    return url;
  }

  public String accountId() {
    return ACCOUNT;
  }

  /** The bearer token this server accepts (random per JVM). */
  public String token() {
    return token;
  }

  /** Leases a database, wiped clean; give it back with {@link LocalD1Database#close()}. */
  public LocalD1Database lease() {
    String id;
    try {
      id = freeDatabases.poll(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a free local D1 database", e);
    }
    if (id == null) {
      throw new IllegalStateException(
          "all " + DATABASES + " local D1 databases stayed leased for 2 minutes");
    }
    LocalD1Database database = new LocalD1Database(this, id);
    database.reset();
    return database;
  }

  void release(String databaseId) {
    freeDatabases.add(databaseId);
  }

  /** Calls a test-only endpoint ({@code /__faults}, {@code /__reset}, {@code /__stats}). */
  JsonNode control(String method, String pathAndQuery, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30));
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("content-type", "application/json");
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "local D1 "
                + method
                + " "
                + pathAndQuery
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "local D1 " + method + " " + pathAndQuery + " failed" + diagnostics(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  HttpClient http() {
    return http;
  }

  private String diagnostics() {
    synchronized (stderrTail) {
      return process.isAlive()
          ? ""
          : "; the server exited with status "
              + process.exitValue()
              + ", last output:\n"
              + String.join("\n", stderrTail);
    }
  }

  // --- start ------------------------------------------------------------------------------------

  private static LocalD1Server start() {
    Path dir = locate();
    String node = nodeExecutable();
    checkNodeVersion(node);
    ensureInstalled(dir);

    List<String> databases = new ArrayList<>();
    for (int i = 1; i <= DATABASES; i++) {
      databases.add(String.format(Locale.ROOT, "hybridgraph-test-%02d", i));
    }
    String token = "test-" + UUID.randomUUID();
    List<String> command =
        List.of(
            node,
            dir.resolve("server.mjs").toString(),
            "--port",
            "0",
            "--faults",
            "--exit-on-stdin-close",
            "--account",
            ACCOUNT,
            "--token",
            token,
            "--databases",
            String.join(",", databases));
    // workerd resolves the worker script relative to the working directory and refuses paths
    // that climb out of it with "..", so run from local-d1/ itself.
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("NO_COLOR", "1");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "could not start the local D1 with '" + node + "': " + e.getMessage(), e);
    }
    Deque<String> stderrTail = new ArrayDeque<>();
    drain(process.getErrorStream(), stderrTail, "local-d1-stderr");
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread stdout =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  if (line.startsWith("local-d1 listening on ")) {
                    ready.complete(line.substring("local-d1 listening on ".length()).strip());
                  }
                }
                ready.completeExceptionally(new IOException("stdout closed before the ready line"));
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
            },
            "local-d1-stdout");
    stdout.setDaemon(true);
    stdout.start();

    String url;
    try {
      url = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while starting the local D1", e);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      String tail;
      synchronized (stderrTail) {
        tail = String.join("\n", stderrTail);
      }
      throw new IllegalStateException(
          "the local D1 ("
              + String.join(" ", command.subList(0, 2))
              + ") did not print 'local-d1 listening on URL' within "
              + START_TIMEOUT.toSeconds()
              + " s; its output:\n"
              + tail,
          e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "local-d1-shutdown"));
    return new LocalD1Server(process, URI.create(url), token, databases, stderrTail);
  }

  private static void stop(Process process) {
    try {
      OutputStream stdin = process.getOutputStream();
      stdin.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void drain(InputStream stream, Deque<String> tail, String name) {
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
            name);
    thread.setDaemon(true);
    thread.start();
  }

  /** {@code local-d1/} from {@code -Dlocal-d1.dir} or the nearest ancestor of the working dir. */
  static Path locate() {
    String configured = System.getProperty("local-d1.dir");
    if (configured != null && !configured.isBlank()) {
      Path dir = Paths.get(configured).toAbsolutePath().normalize();
      if (!Files.isRegularFile(dir.resolve("server.mjs"))) {
        throw new IllegalStateException(
            "system property local-d1.dir is " + dir + ", which has no server.mjs");
      }
      return dir;
    }
    Path start = Paths.get("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("local-d1");
      if (Files.isRegularFile(candidate.resolve("server.mjs"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "cannot find local-d1/server.mjs in "
            + start
            + " or any parent directory; run the tests inside the hybrid-graph-sync checkout or set"
            + " -Dlocal-d1.dir");
  }

  private static String nodeExecutable() {
    String configured = System.getProperty("local-d1.node", System.getenv("LOCAL_D1_NODE"));
    return configured == null || configured.isBlank() ? "node" : configured;
  }

  private static void checkNodeVersion(String node) {
    String version;
    try {
      version = run(List.of(node, "--version"), null, Duration.ofSeconds(30)).strip();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "the local D1 needs Node.js 20 or later, but '"
              + node
              + " --version' failed ("
              + e.getMessage()
              + "); install Node.js or point -Dlocal-d1.node / LOCAL_D1_NODE at it",
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

  /** Runs {@code npm ci} in local-d1/ unless the pinned Miniflare is installed already. */
  private static void ensureInstalled(Path dir) {
    String pinned;
    try {
      pinned =
          JSON.readTree(dir.resolve("package.json").toFile())
              .path("dependencies")
              .path("miniflare")
              .asText("");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve("package.json"), e);
    }
    if (installedVersion(dir).equals(pinned)) {
      return;
    }
    Path lockFile =
        Paths.get(System.getProperty("java.io.tmpdir"), "hybridgraph-local-d1-npm.lock");
    // Another JVM (a parallel module build) may be installing the same packages: take turns.
    try (FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.lock();
      try {
        if (!installedVersion(dir).equals(pinned)) {
          String npm = System.getProperty("local-d1.npm", "npm");
          run(List.of(npm, "ci", "--no-audit", "--no-fund"), dir, INSTALL_TIMEOUT);
        }
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lockFile + " to install the local D1", e);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "installing the local D1's npm packages (npm ci in "
              + dir
              + ") failed: "
              + e.getMessage(),
          e);
    }
    String installed = installedVersion(dir);
    if (!installed.equals(pinned)) {
      throw new IllegalStateException(
          "npm ci in " + dir + " left miniflare '" + installed + "' instead of " + pinned);
    }
  }

  private static String installedVersion(Path dir) {
    Path manifest = dir.resolve("node_modules").resolve("miniflare").resolve("package.json");
    if (!Files.isRegularFile(manifest)) {
      return "";
    }
    try {
      return JSON.readTree(manifest.toFile()).path("version").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  private static String run(List<String> command, Path dir, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (dir != null) {
      builder.directory(dir.toFile());
    }
    try {
      Process process = builder.start();
      CompletableFuture<String> output =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new String(
                      process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                  return "";
                }
              });
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
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the output of " + command, e);
    }
  }
}
