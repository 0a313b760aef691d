package io.hybridgraph.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The local D1 container seen from the test, through its REST API (as Cloudflare's). */
final class D1 {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI queryUri;
  private final String token;

  D1(String baseUrl, String account, String database, String token) {
    this.queryUri =
        URI.create(
            baseUrl + "/client/v4/accounts/" + account + "/d1/database/" + database + "/query");
    this.token = token;
  }

  /** The rows of one SQL statement with positional parameters. */
  JsonNode query(String sql, Object... params) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("sql", sql);
    var array = body.putArray("params");
    for (Object p : params) {
      array.addPOJO(p);
    }
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(queryUri)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode answer = JSON.readTree(response.body());
    if (response.statusCode() != 200 || !answer.path("success").asBoolean()) {
      throw new IllegalStateException(
          "D1 query failed with " + response.statusCode() + ": " + response.body());
    }
    return answer.path("result").path(0).path("results");
  }

  /** Whether the table exists yet (the first device to start creates the schema). */
  boolean hasTable(String table) throws IOException, InterruptedException {
    return query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", table).size()
        > 0;
  }
}
