package io.hybridgraph.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridgraph.app.config.AppConfig;
import io.hybridgraph.app.config.HttpSettings;
import io.hybridgraph.app.config.StoreSettings;
import io.hybridgraph.app.http.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The application serving HTTP on a random loopback port over a database in a temp dir. */
final class TestServer implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final Application app;
  final ApiServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String token;

  private TestServer(Application app) {
    this.app = app;
    try {
      // As serve does: the server first, then sync.
      this.server = app.startServer();
      app.startSync();
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }

  /** Settings for a database in {@code dir}, serving on a random port; {@code extra} wins. */
  static Map<String, String> env(Path dir, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put(StoreSettings.DATA_DIR, dir.toString());
    env.put(StoreSettings.DURABILITY, "normal");
    env.put(HttpSettings.PORT, "0");
    env.putAll(extra);
    return env;
  }

  static TestServer start(Path dir, Map<String, String> extra) {
    return new TestServer(Application.open(AppConfig.fromEnvironment(env(dir, extra))));
  }

  TestServer withToken(String newToken) {
    this.token = newToken;
    return this;
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  HttpResponse<String> delete(String path) {
    return send(request(path).DELETE().build());
  }

  HttpResponse<String> post(String path, String body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build());
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** A store request body for a directed or symmetric association. */
  static String association(String source, String target, String type, double similarity) {
    return "{\"source_hash\":\""
        + source
        + "\",\"target_hash\":\""
        + target
        + "\",\"similarity\":"
        + similarity
        + ",\"connection_types\":[\"semantic\"],\"metadata\":{\"note\":\"n\"},"
        + "\"relationship_type\":\""
        + type
        + "\"}";
  }

  @Override
  public void close() {
    app.close();
  }
}
