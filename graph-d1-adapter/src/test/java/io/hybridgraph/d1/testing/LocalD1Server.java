package io.hybridgraph.d1.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridgraph.d1.local.LocalD1Launcher;
import io.hybridgraph.d1.local.RunningLocalD1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one local D1 server of this JVM: {@code node local-d1/server.mjs --port 0 --faults
 * --exit-on-stdin-close}, started on first use and stopped when the JVM exits (its stdin closes
 * with the JVM even on a crash, which stops it too).
 *
 * <p>Finds {@code local-d1/} through the system property {@code local-d1.dir} or by walking up from
 * the working directory, and Node.js through {@code local-d1.node} or {@code LOCAL_D1_NODE}; {@link
 * LocalD1Launcher} checks Node.js, installs the pinned npm packages with {@code npm ci} when they
 * are missing or of another version, and starts the server. Fails with a message saying what is
 * missing; never skips.
 */
public final class LocalD1Server {

  /** Databases served; each test class leases one at a time. */
  static final int DATABASES = 16;

  static final String ACCOUNT = "local-account";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalD1Server instance;
  private static RuntimeException startFailure;

  private final RunningLocalD1 server;
  private final String token;
  private final HttpClient http;
  private final BlockingQueue<String> freeDatabases;

  private LocalD1Server(RunningLocalD1 server, String token, List<String> databases) {
    this.server = server;
    this.token = token;
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
    return server.url();
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
    return control(method, pathAndQuery, body, null);
  }

  /** Calls an endpoint, with {@code bearer} as the API token when it is not null. */
  JsonNode control(String method, String pathAndQuery, String body, String bearer) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url().resolve(pathAndQuery)).timeout(Duration.ofSeconds(30));
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("content-type", "application/json");
    }
    if (bearer != null) {
      request.header("authorization", "Bearer " + bearer);
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
          "local D1 " + method + " " + pathAndQuery + " failed" + server.diagnostics(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  HttpClient http() {
    return http;
  }

  // --- start ------------------------------------------------------------------------------------

  private static LocalD1Server start() {
    List<String> databases = new ArrayList<>();
    for (int i = 1; i <= DATABASES; i++) {
      databases.add(String.format(Locale.ROOT, "hybridgraph-test-%02d", i));
    }
    String token = "test-" + UUID.randomUUID();
    RunningLocalD1 server =
        LocalD1Launcher.in(locate())
            .node(nodeExecutable(), "-Dlocal-d1.node / LOCAL_D1_NODE")
            .npm(System.getProperty("local-d1.npm", "npm"))
            .withFaultEndpoints()
            .start(ACCOUNT, databases, token);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "local-d1-shutdown"));
    return new LocalD1Server(server, token, databases);
  }

  /** {@code local-d1/} from {@code -Dlocal-d1.dir} or the nearest ancestor of the working dir. */
  static Path locate() {
    String configured = System.getProperty("local-d1.dir");
    if (configured != null && !configured.isBlank()) {
      Path dir = Paths.get(configured).toAbsolutePath().normalize();
      if (!LocalD1Launcher.isLocalD1(dir)) {
        throw new IllegalStateException(
            "system property local-d1.dir is " + dir + ", which has no server.mjs");
      }
      return dir;
    }
    Path start = Paths.get("").toAbsolutePath();
    return LocalD1Launcher.findAbove(start)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "cannot find local-d1/server.mjs in "
                        + start
                        + " or any parent directory; run the tests inside the hybrid-graph-sync"
                        + " checkout or set -Dlocal-d1.dir"));
  }

  private static String nodeExecutable() {
    String configured = System.getProperty("local-d1.node", System.getenv("LOCAL_D1_NODE"));
    return configured == null || configured.isBlank() ? "node" : configured;
  }
}
