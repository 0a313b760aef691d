package io.hybridgraph.app;

import static io.hybridgraph.app.TestServer.association;
import static io.hybridgraph.app.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP API of a device with sync off, on a real SQLite database and a real port. */
class HttpApiTest {

  @TempDir Path dir;
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(dir, Map.of());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void store(String source, String target, String type) {
    HttpResponse<String> response =
        server.post("/api/graph/associations", association(source, target, type, 0.5));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private long rows() {
    return json(server.get("/api/graph/stats")).path("total_rows").asLong();
  }

  @Test
  void store_returns201_withTheStoredAssociationInSnakeCase() {
    HttpResponse<String> response =
        server.post(
            "/api/graph/associations",
            "{\"source_hash\":\"a\",\"target_hash\":\"b\",\"similarity\":0.75,"
                + "\"connection_types\":[\"semantic\",\"temporal\"],\"metadata\":{\"k\":[1,2]},"
                + "\"relationship_type\":\"causes\",\"created_at\":1700000000.5}");

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode body = json(response);
    assertThat(body.path("source_hash").asText()).isEqualTo("a");
    assertThat(body.path("target_hash").asText()).isEqualTo("b");
    assertThat(body.path("similarity").asDouble()).isEqualTo(0.75);
    assertThat(body.path("connection_types").toString()).isEqualTo("[\"semantic\",\"temporal\"]");
    assertThat(body.path("metadata").toString()).isEqualTo("{\"k\":[1,2]}");
    assertThat(body.path("relationship_type").asText()).isEqualTo("causes");
    assertThat(body.path("created_at").asDouble()).isEqualTo(1700000000.5);
  }

  @Test
  void get_returnsTheAssociation_andItsMirrorForASymmetricType() {
    store("a", "b", "related");

    JsonNode forward = json(server.get("/api/graph/associations/a/b"));
    HttpResponse<String> mirrored = server.get("/api/graph/associations/b/a");

    assertThat(forward.path("relationship_type").asText()).isEqualTo("related");
    assertThat(mirrored.statusCode()).isEqualTo(200);
    assertThat(json(mirrored).path("source_hash").asText()).isEqualTo("b");
  }

  @Test
  void get_unknownAssociation_is404_namingTheField() {
    HttpResponse<String> response = server.get("/api/graph/associations/x/y");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).path("error").path("field").asText()).isEqualTo("target");
  }

  @Test
  void delete_removesThePair_andIs404WhenNothingWasThere() {
    store("a", "b", "causes");

    HttpResponse<String> deleted = server.delete("/api/graph/associations/a/b");
    HttpResponse<String> again = server.delete("/api/graph/associations/a/b");

    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(json(deleted).path("deleted").asBoolean()).isTrue();
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(server.get("/api/graph/associations/a/b").statusCode()).isEqualTo(404);
  }

  @Test
  void deleteMemory_removesEveryAssociationOfIt() {
    store("a", "b", "causes");
    store("a", "c", "related");

    HttpResponse<String> response = server.delete("/api/graph/memories/a");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("deleted_pairs").asInt()).isEqualTo(2);
    assertThat(rows()).isZero();
    HttpResponse<String> again = server.delete("/api/graph/memories/a");
    assertThat(again.statusCode())
        .as("as the Python service: nothing to delete is no error")
        .isEqualTo(200);
    assertThat(json(again).path("deleted_pairs").asInt()).isZero();
  }

  @Test
  void associationsOf_filtersByDirectionAndType() {
    store("a", "b", "causes");
    store("c", "a", "fixes");
    store("a", "d", "related");

    JsonNode all = json(server.get("/api/graph/memories/a/associations"));
    JsonNode outgoing =
        json(
            server.get("/api/graph/memories/a/associations?direction=outgoing&types=causes,fixes"));
    JsonNode incoming = json(server.get("/api/graph/memories/a/associations?direction=incoming"));

    assertThat(all).hasSize(3);
    assertThat(outgoing).hasSize(1);
    assertThat(outgoing.get(0).path("target_hash").asText()).isEqualTo("b");
    assertThat(incoming.findValuesAsText("relationship_type"))
        .containsExactlyInAnyOrder("fixes", "related");
  }

  @Test
  void connected_returnsHashesWithDistances() {
    store("a", "b", "related");
    store("b", "c", "causes");
    store("c", "d", "causes");

    JsonNode body = json(server.get("/api/graph/memories/a/connected?max_hops=2"));

    assertThat(body.toString())
        .isEqualTo("[{\"hash\":\"b\",\"distance\":1},{\"hash\":\"c\",\"distance\":2}]");
  }

  @Test
  void path_returnsAShortestPath_and404WhenThereIsNone() {
    store("a", "b", "related");
    store("b", "c", "causes");
    store("x", "y", "related");

    JsonNode path = json(server.get("/api/graph/path?from=a&to=c"));
    HttpResponse<String> none = server.get("/api/graph/path?from=a&to=y");
    HttpResponse<String> againstDirection =
        server.get("/api/graph/path?from=c&to=a&direction=outgoing");

    assertThat(path.path("path").toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
    assertThat(path.path("relationships").toString()).isEqualTo("[\"related\",\"causes\"]");
    assertThat(path.path("length").asInt()).isEqualTo(2);
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(againstDirection.statusCode()).isEqualTo(404);
  }

  @Test
  void subgraph_returnsNodesAndEdges() {
    store("a", "b", "related");
    store("b", "c", "causes");

    JsonNode body = json(server.get("/api/graph/memories/a/subgraph?radius=2&max_nodes=10"));

    assertThat(body.path("center").asText()).isEqualTo("a");
    assertThat(body.path("nodes").findValuesAsText("hash")).containsExactly("a", "b", "c");
    assertThat(body.path("edges")).hasSize(2);
    assertThat(body.path("truncated").asBoolean()).isFalse();
  }

  @Test
  void stats_countsRelationshipsRowsAndTypes() {
    store("a", "b", "related");
    store("b", "c", "causes");

    JsonNode body = json(server.get("/api/graph/stats"));

    assertThat(body.path("total_relationships").asLong()).isEqualTo(2);
    assertThat(body.path("total_rows").asLong()).isEqualTo(3);
    assertThat(body.path("total_memories").asLong()).isEqualTo(3);
    assertThat(body.path("relationships_by_type").path("causes").asLong()).isEqualTo(1);
  }

  @Test
  void memoryWithoutAssociations_answersEmptyResults_asThePythonServiceDoes() {
    store("a", "b", "related");

    assertThat(json(server.get("/api/graph/memories/nobody/associations")).size()).isZero();
    assertThat(json(server.get("/api/graph/memories/nobody/connected")).size()).isZero();
    JsonNode subgraph = json(server.get("/api/graph/memories/nobody/subgraph"));
    assertThat(subgraph.path("nodes")).hasSize(1);
    assertThat(subgraph.path("nodes").get(0).path("hash").asText()).isEqualTo("nobody");
    assertThat(subgraph.path("edges")).isEmpty();
    HttpResponse<String> noPath = server.get("/api/graph/path?from=nobody&to=a");
    assertThat(noPath.statusCode())
        .as("no path is still 404, as the CLI's exit code 1")
        .isEqualTo(404);
    assertThat(server.get("/api/graph/nowhere").statusCode()).isEqualTo(404);
  }

  @Test
  void pathFromAMemoryToItself_isTheOneNodePath() {
    store("a", "b", "related");

    for (String memory : new String[] {"a", "nobody"}) {
      HttpResponse<String> response =
          server.get("/api/graph/path?from=" + memory + "&to=" + memory);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode body = json(response);
      assertThat(body.path("path")).hasSize(1);
      assertThat(body.path("path").get(0).asText()).isEqualTo(memory);
      assertThat(body.path("relationships")).isEmpty();
      assertThat(body.path("length").asInt()).isZero();
    }
  }

  @Test
  void subgraphEdges_carryConnectionTypesAndMetadata() {
    store("a", "b", "causes");

    JsonNode edge = json(server.get("/api/graph/memories/a/subgraph")).path("edges").get(0);

    assertThat(edge.path("connection_types").get(0).asText()).isEqualTo("semantic");
    assertThat(edge.path("metadata").path("note").asText()).isEqualTo("n");
  }

  static Stream<Arguments> badAssociations() {
    String longHash = "h".repeat(257);
    String bigMetadata = "{\"blob\":\"" + "x".repeat(300 * 1024) + "\"}";
    return Stream.of(
        Arguments.of("{\"source_hash\":\"a\",", "body", "malformed JSON"),
        Arguments.of("[1,2]", "body", "must be a JSON object"),
        Arguments.of("", "body", "empty"),
        Arguments.of(
            body("\"a\"", "\"b\"", "0.5", "\"friends\""),
            "relationship_type",
            "unknown relationship type 'friends'"),
        Arguments.of(
            body("\"a\"", "\"b\"", "1.5", "\"related\""),
            "similarity",
            "similarity must be within [0, 1], was 1.5"),
        Arguments.of(body("\"a\"", "\"b\"", "-0.1", "\"related\""), "similarity", "within [0, 1]"),
        Arguments.of(body("\"a\"", "\"b\"", "NaN", "\"related\""), "similarity", "finite"),
        Arguments.of(
            body("\"a\"", "\"b\"", "\"high\"", "\"related\""), "similarity", "must be a number"),
        Arguments.of(
            body("\"\"", "\"b\"", "0.5", "\"related\""), "source_hash", "must not be blank"),
        Arguments.of(
            body("\"a\"", "\"" + longHash + "\"", "0.5", "\"related\""),
            "target_hash",
            "at most 256 characters"),
        Arguments.of(
            body("\"a\"", "\"a\"", "0.5", "\"related\""), "target_hash", "two different memories"),
        Arguments.of(
            "{\"target_hash\":\"b\",\"similarity\":0.5}", "source_hash", "source_hash is required"),
        Arguments.of(
            "{\"source_hash\":\"a\",\"target_hash\":\"b\",\"similarity\":0.5,\"metadata\":"
                + bigMetadata
                + "}",
            "metadata",
            "at most 262144 bytes"),
        Arguments.of(
            "{\"source_hash\":\"a\",\"target_hash\":\"b\",\"similarity\":0.5,\"connection_types\":\"semantic\"}",
            "connection_types",
            "array"),
        Arguments.of(
            "{\"source_hash\":\"a\",\"target_hash\":\"b\",\"similarity\":0.5,\"colour\":\"red\"}",
            "colour",
            "unknown field"),
        Arguments.of(
            "{\"source_hash\":\"a\",\"target_hash\":\"b\",\"similarity\":0.5,\"created_at\":-1}",
            "created_at",
            "within [0, 253402300799]"),
        Arguments.of(
            "{\"source_hash\":\"a\",\"target_hash\":\"b\",\"similarity\":0.5,\"created_at\":1e308}",
            "created_at",
            "(up to the year 9999), was 1.0E308"),
        // Two different lone surrogates would both be stored as "x?": a self-loop that used to
        // stop the device from starting.
        Arguments.of(
            body("\"x\\ud800\"", "\"x\\udc00\"", "0.5", "\"related\""),
            "source_hash",
            "lone surrogate U+D800 at index 1"),
        Arguments.of(
            body("\"a\"", "\"x\\udc00\"", "0.5", "\"related\""),
            "target_hash",
            "lone surrogate U+DC00 at index 1"),
        Arguments.of(
            body("\"a\"", "\"\\udbff\\udbff\"", "0.5", "\"related\""),
            "target_hash",
            "lone surrogate U+DBFF at index 0"),
        Arguments.of(
            "{\"source_hash\":\"a\",\"target_hash\":\"b\",\"similarity\":0.5,"
                + "\"metadata\":{\"note\":\"ok \\ud83d\"}}",
            "metadata",
            "metadata.note must be valid Unicode text"),
        Arguments.of(
            "{\"source_hash\":\"a\",\"target_hash\":\"b\",\"similarity\":0.5,"
                + "\"metadata\":{\"k\":[{\"\\ude00\":1}]}}",
            "metadata",
            "metadata.k[0] key must be valid Unicode text"),
        Arguments.of(
            "{\"source_hash\":\"a\",\"target_hash\":\"b\",\"similarity\":0.5,"
                + "\"connection_types\":[\"semantic\",\"\\ud800x\"]}",
            "connection_types",
            "connection types[1] must be valid Unicode text"),
        Arguments.of(
            body("\"a\\u202eb\"", "\"c\"", "0.5", "\"related\""),
            "source_hash",
            "format characters"),
        Arguments.of(
            body("\"a\"", "\"\\ufeffb\"", "0.5", "\"related\""),
            "target_hash",
            "found U+FEFF at index 0"),
        Arguments.of(
            body("\"a\\u200bb\"", "\"c\"", "0.5", "\"related\""),
            "source_hash",
            "found U+200B at index 1"),
        Arguments.of(
            "{\"source_hash\":\"a\",\"source_hash\":\"c\",\"target_hash\":\"b\",\"similarity\":0.5}",
            "body",
            "Duplicate field"));
  }

  private static String body(String source, String target, String similarity, String type) {
    return "{\"source_hash\":"
        + source
        + ",\"target_hash\":"
        + target
        + ",\"similarity\":"
        + similarity
        + ",\"relationship_type\":"
        + type
        + "}";
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("badAssociations")
  void badStoreRequest_is400_namingTheField_andStoresNothing(
      String body, String field, String message) {
    long before = rows();

    HttpResponse<String> response = server.post("/api/graph/associations", body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode error = json(response).path("error");
    assertThat(error.path("field").asText()).isEqualTo(field);
    assertThat(error.path("message").asText()).contains(message);
    assertThat(rows()).isEqualTo(before);
  }

  @Test
  void oversizedBody_is413_andStoresNothing() {
    String huge =
        "{\"source_hash\":\"a\",\"target_hash\":\"b\",\"similarity\":0.5,\"metadata\":{\"x\":\""
            + "y".repeat(1024 * 1024)
            + "\"}}";

    HttpResponse<String> response = server.post("/api/graph/associations", huge);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).path("error").path("field").asText()).isEqualTo("body");
    assertThat(rows()).isZero();
  }

  @Test
  void oversizedChunkedBody_withoutContentLength_is413() {
    byte[] huge = ("{\"x\":\"" + "y".repeat(1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        server
            .request("/api/graph/associations")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(huge)))
            .build();

    HttpResponse<String> response = server.send(request);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(rows()).isZero();
  }

  @Test
  void storeWithoutJsonContentType_is415_andStoresNothing() {
    HttpResponse<String> response =
        server.send(
            server
                .request("/api/graph/associations")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(association("a", "b", "related", 0.5)))
                .build());

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(json(response).path("error").path("field").asText()).isEqualTo("Content-Type");
    assertThat(rows()).isZero();
  }

  @Test
  void writeFromAnotherWebOrigin_is403_andStoresNothing() {
    HttpResponse<String> response =
        server.send(
            server
                .request("/api/graph/associations")
                .header("Content-Type", "application/json")
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(association("a", "b", "related", 0.5)))
                .build());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(json(response).path("error").path("field").asText()).isEqualTo("Origin");
    assertThat(rows()).isZero();
  }

  @Test
  void requestAddressedToAnotherHostName_isRefused_againstDnsRebinding() throws Exception {
    // java.net.http forbids setting Host, so speak HTTP/1.1 directly.
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.server.port())) {
      socket
          .getOutputStream()
          .write(
              "GET /api/graph/stats HTTP/1.1\r\nHost: rebound.example:8765\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(reply).startsWith("HTTP/1.1 403").contains("\"field\":\"Host\"");
    }
  }

  @Test
  void badQueryParameters_are400_namingTheParameter() {
    store("a", "b", "related");

    Map<String, String> cases =
        Map.of(
            "/api/graph/associations/" + "h".repeat(257) + "/b",
            "source",
            "/api/graph/associations/a/%01",
            "target",
            "/api/graph/associations/a/a",
            "target",
            "/api/graph/memories/a/connected?max_hops=11",
            "max_hops",
            "/api/graph/memories/a/connected?max_hops=two",
            "max_hops",
            "/api/graph/memories/a/associations?direction=sideways",
            "direction",
            "/api/graph/memories/a/associations?types=causes,friends",
            "types",
            "/api/graph/memories/a/subgraph?max_nodes=0",
            "max_nodes",
            "/api/graph/path?from=a",
            "to",
            "/api/graph/stats?verbose=1",
            "verbose");
    cases.forEach(
        (path, field) -> {
          HttpResponse<String> response = server.get(path);
          assertThat(response.statusCode()).as(path).isEqualTo(400);
          assertThat(json(response).path("error").path("field").asText()).as(path).isEqualTo(field);
        });
  }

  @Test
  void syncEndpoints_whenSyncIsOff_are409_sayingWhichVariablesToSet() {
    for (HttpResponse<String> response :
        List.of(
            server.post("/api/sync/graph/initial", ""),
            server.post("/api/sync/graph/force", ""),
            server.post("/api/sync/graph/drift?repair=true", ""))) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
      assertThat(json(response).path("error").path("message").asText())
          .contains("CLOUDFLARE_API_TOKEN");
    }
  }

  @Test
  void syncStatus_whenSyncIsOff_showsThePendingChanges() {
    store("a", "b", "causes");

    JsonNode status = json(server.get("/api/sync/graph/status"));

    assertThat(status.path("enabled").asBoolean()).isFalse();
    assertThat(status.path("state").asText()).isEqualTo("OFF");
    assertThat(status.path("pending").asLong()).isEqualTo(1);
  }

  @Test
  void eventStream_withoutTheEventStreamAcceptHeader_is406_sayingWhatToSend() {
    HttpResponse<String> response = server.get("/api/events");

    assertThat(response.statusCode()).isEqualTo(406);
    assertThat(json(response).path("error").path("message").asText())
        .contains("Accept: text/event-stream");
  }

  @Test
  void health_isOk() {
    HttpResponse<String> response = server.get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("status").asText()).isEqualTo("ok");
    assertThat(json(response).path("sync_enabled").asBoolean()).isFalse();
  }

  @Test
  void metrics_exposeTheSyncFiguresInPrometheusFormat() {
    store("a", "b", "causes");

    HttpResponse<String> response = server.get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(response.body())
        .contains(
            "hybrid_graph_sync_queue_depth 1.0",
            "hybrid_graph_sync_oldest_pending_age_seconds",
            "hybrid_graph_sync_parked_changes 0.0",
            "hybrid_graph_sync_pushes_total",
            "hybrid_graph_sync_pulls_total",
            "hybrid_graph_sync_failures_total",
            "hybrid_graph_sync_parked_rows_total",
            "hybrid_graph_sync_last_push_timestamp_seconds",
            "hybrid_graph_sync_last_pull_timestamp_seconds",
            "hybrid_graph_sync_last_success_timestamp_seconds");
  }
}
