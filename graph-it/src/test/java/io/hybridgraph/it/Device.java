package io.hybridgraph.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;

/** One device container and its HTTP API. */
final class Device {

  static final ObjectMapper JSON = new ObjectMapper();

  /** An answer of the HTTP API: status and body (parsed when it is JSON). */
  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
  }

  final String name;
  final GenericContainer<?> container;
  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Device(String name, GenericContainer<?> container) {
    this(
        name,
        container,
        "http://"
            + container.getHost()
            + ":"
            + container.getMappedPort(ScenarioContainers.HTTP_PORT));
  }

  /** The device's API at another base address. */
  Device(String name, GenericContainer<?> container, String base) {
    this.name = name;
    this.container = container;
    this.base = base;
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  Answer delete(String path) throws IOException, InterruptedException {
    return send(request(path).DELETE());
  }

  Answer postJson(String path, String body) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A request with the API token; add headers or change the method on the builder. */
  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + ScenarioContainers.API_TOKEN);
  }

  /** A request without any token. */
  HttpRequest.Builder anonymousRequest(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
  }

  Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }
}
