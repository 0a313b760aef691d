package io.hybridgraph.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 9: bad input through the HTTP API of a running device gets clear errors and changes
 * nothing on any device (nor in D1).
 */
class BadInputIT {

  @RegisterExtension final ScenarioContainers containers = new ScenarioContainers();
  private Device a;
  private Device b;
  private String source;
  private String target;

  @BeforeEach
  void startDevicesWithOneRelationship() throws Exception {
    containers.startD1();
    a = containers.startDevice("device-a");
    b = containers.startDevice("device-b");
    source = Hashes.fresh();
    target = Hashes.fresh();
    Device.Answer stored =
        a.postJson(
            "/api/graph/associations",
            """
            {"source_hash": "%s", "target_hash": "%s", "similarity": 0.5}"""
                .formatted(source, target));
    assertThat(stored.status()).as("baseline store: %s", stored).isEqualTo(201);
    long deadline = System.currentTimeMillis() + 15_000;
    while (b.get("/api/graph/associations/" + source + "/" + target).status() != 200
        || a.get("/api/sync/graph/status").json().path("pending").asInt(-1) != 0) {
      assertThat(System.currentTimeMillis()).as("baseline reached device B").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** One bad request, the status it must get, and a word its error must mention (or null). */
  private record Case(String what, HttpRequest.Builder request, int status, String mentions) {}

  @Test
  void badInputGetsClearErrorsAndChangesNothingAnywhere() throws Exception {
    Map<String, String> before = snapshot();
    String other = Hashes.fresh();
    String valid = "{\"source_hash\": \"%s\", \"target_hash\": \"%s\", \"similarity\": 0.7%s}";
    List<Case> cases = new ArrayList<>();
    cases.add(json(a, "malformed JSON", "{\"source_hash\": \"" + source + "\",", 400, null));
    cases.add(
        json(
            a,
            "unknown relationship type",
            valid.formatted(source, other, ", \"relationship_type\": \"loves\""),
            400,
            "relationship_type"));
    cases.add(
        json(
            a,
            "similarity above 1",
            valid.formatted(source, other, "").replace("0.7", "1.5"),
            400,
            "similarity"));
    cases.add(
        json(
            a,
            "similarity below 0",
            valid.formatted(source, other, "").replace("0.7", "-0.1"),
            400,
            "similarity"));
    cases.add(
        json(
            a,
            "similarity not a number",
            valid.formatted(source, other, "").replace("0.7", "\"high\""),
            400,
            "similarity"));
    cases.add(json(a, "empty source hash", valid.formatted("", other, ""), 400, "source_hash"));
    cases.add(
        json(
            a,
            "over-long target hash",
            valid.formatted(source, "f".repeat(300), ""),
            400,
            "target_hash"));
    cases.add(
        json(
            a,
            "missing target hash",
            "{\"source_hash\": \"" + source + "\", \"similarity\": 0.7}",
            400,
            "target_hash"));
    cases.add(
        json(
            a,
            "unknown field",
            valid.formatted(source, other, ", \"colour\": \"red\""),
            400,
            "colour"));
    cases.add(
        json(
            a,
            "metadata over 256 KiB",
            valid.formatted(
                source, other, ", \"metadata\": {\"blob\": \"" + "x".repeat(300 * 1024) + "\"}"),
            400,
            "metadata"));
    cases.add(
        json(
            a,
            "body over HYBRID_GRAPH_HTTP_MAX_BODY_BYTES",
            valid.formatted(
                source,
                other,
                ", \"metadata\": {\"blob\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}"),
            413,
            null));
    cases.add(
        new Case(
            "body not sent as application/json",
            a.request("/api/graph/associations")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(valid.formatted(source, other, ""))),
            415,
            null));
    cases.add(
        new Case(
            "no token",
            a.anonymousRequest("/api/graph/associations")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(valid.formatted(source, other, ""))),
            401,
            null));
    cases.add(
        new Case(
            "wrong token",
            a.anonymousRequest("/api/graph/associations")
                .header("Authorization", "Bearer not-the-token-0123456789")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(valid.formatted(source, other, ""))),
            401,
            null));
    cases.add(
        new Case(
            "max_hops out of range",
            a.request("/api/graph/memories/" + source + "/connected?max_hops=99").GET(),
            400,
            "max_hops"));
    cases.add(
        new Case(
            "unknown direction",
            a.request("/api/graph/memories/" + source + "/associations?direction=sideways").GET(),
            400,
            "direction"));
    cases.add(
        new Case(
            "delete of an association that does not exist",
            a.request("/api/graph/associations/" + source + "/" + other).DELETE(),
            404,
            null));

    cases.add(
        json(
            a,
            "two lone surrogates (would land as one text)",
            valid.formatted("x\\ud800", "x\\udc00", ""),
            400,
            "source_hash"));
    cases.add(
        json(
            a,
            "lone surrogate in metadata",
            valid.formatted(source, other, ", \"metadata\": {\"k\": \"\\udfff\"}"),
            400,
            "metadata"));
    cases.add(
        json(
            a,
            "bidirectional override in a hash",
            valid.formatted(source, "ab\\u202ecd", ""),
            400,
            "target_hash"));
    cases.add(
        json(
            a,
            "created_at of 1e308",
            valid.formatted(source, other, ", \"created_at\": 1e308"),
            400,
            "created_at"));
    cases.add(
        json(
            a,
            "text after the JSON object",
            valid.formatted(source, other, "") + " and more",
            400,
            "body"));
    cases.add(
        new Case(
            "body sent as application/jsonx",
            a.request("/api/graph/associations")
                .header("Content-Type", "application/jsonx")
                .POST(HttpRequest.BodyPublishers.ofString(valid.formatted(source, other, ""))),
            415,
            "Content-Type"));
    cases.add(
        new Case(
            "max_hops given twice",
            a.request("/api/graph/memories/" + source + "/connected?max_hops=1&max_hops=3").GET(),
            400,
            "max_hops"));
    cases.add(
        new Case(
            "GET with X-HTTP-Method-Override: DELETE",
            a.request("/api/graph/memories/" + source)
                .header("X-HTTP-Method-Override", "DELETE")
                .GET(),
            404,
            null));

    List<String> problems = new ArrayList<>();
    for (Case c : cases) {
      Device.Answer answer = a.send(c.request());
      System.out.printf("scenario 9: %-45s -> %s%n", c.what(), answer);
      String problem = check(c, answer);
      if (problem != null) {
        problems.add(c.what() + ": " + problem + " (got " + answer + ")");
      }
    }
    assertThat(problems).as("requests whose answer was not a clear error").isEmpty();

    // Longer than a push and a pull interval (1 s each by default): a stray change would show.
    Thread.sleep(3_000);
    Map<String, String> after = snapshot();
    assertThat(after)
        .as("state of device A, device B and D1 after the bad requests")
        .isEqualTo(before);
  }

  private static Case json(Device device, String what, String body, int status, String mentions) {
    return new Case(
        what,
        device
            .request("/api/graph/associations")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        status,
        mentions);
  }

  /** Null when the answer is a clear error as expected, otherwise what is wrong with it. */
  private static String check(Case c, Device.Answer answer) {
    if (answer.status() != c.status()) {
      return "expected status " + c.status();
    }
    JsonNode error;
    try {
      error = answer.json().path("error");
    } catch (AssertionError e) {
      return "the body is not the JSON error envelope";
    }
    String message = error.path("message").asText("");
    if (message.isBlank()) {
      return "no error.message";
    }
    if (c.mentions() != null) {
      String said = (error.path("field").asText("") + " " + message).toLowerCase();
      if (!said.contains(c.mentions().toLowerCase())) {
        return "the error does not name '" + c.mentions() + "'";
      }
    }
    return null;
  }

  /** What must not change: each device's graph and sync queue, and D1's rows. */
  private Map<String, String> snapshot() throws Exception {
    Map<String, String> state = new LinkedHashMap<>();
    for (Device device : List.of(a, b)) {
      state.put(device.name + " stats", device.get("/api/graph/stats").body());
      JsonNode status = device.get("/api/sync/graph/status").json();
      state.put(
          device.name + " queue",
          "pending=" + status.path("pending") + " parked=" + status.path("parked"));
      state.put(
          device.name + " baseline",
          device.get("/api/graph/associations/" + source + "/" + target).body());
    }
    state.put(
        "d1 rows",
        containers
            .d1
            .query(
                "SELECT COUNT(*) AS n, COALESCE(MAX(hlc), '') AS latest, SUM(deleted) AS deleted"
                    + " FROM memory_graph")
            .toString());
    return state;
  }
}
