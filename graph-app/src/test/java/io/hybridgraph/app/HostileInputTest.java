package io.hybridgraph.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests against a real running server, spoken byte for byte over a socket: each is
 * refused with the documented JSON error naming what was wrong, without a stack trace, and leaves
 * the database exactly as it was (every table this project writes, compared row by row).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  @TempDir static Path dir;
  private TestServer server;
  private int port;

  @BeforeAll
  void start() {
    server = TestServer.start(dir, Map.of());
    port = server.server.port();
    assertThat(server.post("/api/graph/associations", TestServer.association(A, B, "causes", 0.5)))
        .satisfies(r -> assertThat(r.statusCode()).isEqualTo(201));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** One hostile request: what it is, the bytes sent, and the status and field expected. */
  record Case(String name, byte[] request, int status, String field) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case of(String name, String request, int status, String field) {
    return new Case(name, request.getBytes(StandardCharsets.UTF_8), status, field);
  }

  private static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  }

  private static String request(String method, String target, String headers, String body) {
    return method
        + " "
        + target
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + headers
        + (body == null
            ? ""
            : "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n")
        + "\r\n"
        + (body == null ? "" : body);
  }

  private static String postJson(String body) {
    return request("POST", "/api/graph/associations", "Content-Type: application/json\r\n", body);
  }

  private static String store(String source, String target, String extra) {
    return postJson(
        "{\"source_hash\":\""
            + source
            + "\",\"target_hash\":\""
            + target
            + "\",\"similarity\":0.5"
            + extra
            + "}");
  }

  static Stream<Arguments> cases() {
    List<Case> cases = new ArrayList<>();
    text(cases);
    paths(cases);
    queries(cases);
    methods(cases);
    bodies(cases);
    hosts(cases);
    jetty(cases);
    return cases.stream().map(Arguments::of);
  }

  /** Text that is not valid Unicode, or holds characters a hash must not. */
  private static void text(List<Case> cases) {
    cases.add(
        of(
            "lone surrogates make a self-loop",
            store("x\\ud800", "x\\udc00", ""),
            400,
            "source_hash"));
    cases.add(of("lone high surrogate in target", store("a", "x\\ud800", ""), 400, "target_hash"));
    cases.add(of("lone low surrogate first", store("\\udc00a", "b", ""), 400, "source_hash"));
    cases.add(of("reversed surrogate pair", store("a", "\\ude00\\ud83d", ""), 400, "target_hash"));
    cases.add(of("two high surrogates", store("\\ud800\\ud800", "b", ""), 400, "source_hash"));
    cases.add(
        of(
            "surrogate in metadata value",
            store("a", "b", ",\"metadata\":{\"k\":\"\\ud800\"}"),
            400,
            "metadata"));
    cases.add(
        of(
            "surrogate in nested metadata",
            store("a", "b", ",\"metadata\":{\"k\":[{\"j\":\"x\\udfff\"}]}"),
            400,
            "metadata"));
    cases.add(
        of(
            "surrogate in metadata key",
            store("a", "b", ",\"metadata\":{\"\\udbff\":1}"),
            400,
            "metadata"));
    cases.add(
        of(
            "surrogate in connection type",
            store("a", "b", ",\"connection_types\":[\"\\ud800\"]"),
            400,
            "connection_types"));
    for (String format :
        new String[] {
          "202e", "202d", "2066", "2069", "200b", "200d", "feff", "00ad", "061c", "2060"
        }) {
      cases.add(
          of(
              "format character U+" + format + " in a hash",
              store("a\\u" + format + "b", "c", ""),
              400,
              "source_hash"));
    }
    cases.add(of("control character in a hash", store("a\\u0000b", "c", ""), 400, "source_hash"));
    cases.add(of("DEL in a hash", store("a", "b\\u007f", ""), 400, "target_hash"));
    cases.add(of("created_at 1e308", store("a", "b", ",\"created_at\":1e308"), 400, "created_at"));
    cases.add(
        of(
            "created_at past year 9999",
            store("a", "b", ",\"created_at\":253402300800"),
            400,
            "created_at"));
    cases.add(
        of("created_at negative", store("a", "b", ",\"created_at\":-0.5"), 400, "created_at"));
    cases.add(
        of("created_at as text", store("a", "b", ",\"created_at\":\"now\""), 400, "created_at"));
    cases.add(
        of(
            "similarity 1e308",
            postJson("{\"source_hash\":\"a\",\"target_hash\":\"b\",\"similarity\":1e308}"),
            400,
            "similarity"));
    cases.add(
        of(
            "unknown relationship type",
            store("a", "b", ",\"relationship_type\":\"has_entity\""),
            400,
            "relationship_type"));
    cases.add(
        of(
            "relationship type with a lone surrogate",
            store("a", "b", ",\"relationship_type\":\"rel\\ud800\""),
            400,
            "relationship_type"));
  }

  /** Paths with malformed percent-encoding or text that is not valid UTF-8. */
  private static void paths(List<Case> cases) {
    String assoc = "/api/graph/associations/" + A + "/";
    cases.add(of("%zz in a path", get(assoc + "%zz"), 400, "request"));
    cases.add(of("a % at the end of a path", get(assoc + "b%"), 400, "request"));
    cases.add(of("a truncated escape in a path", get(assoc + "b%4"), 400, "request"));
    cases.add(of("an encoded lone surrogate in a path", get(assoc + "%ED%A0%80"), 400, "path"));
    cases.add(of("an overlong encoding in a path", get(assoc + "%C0%AE"), 400, "path"));
    cases.add(of("a byte that is never UTF-8 in a path", get(assoc + "%FF"), 400, "path"));
    cases.add(of("a cut UTF-8 sequence in a path", get(assoc + "%E2%80"), 400, "path"));
    cases.add(of("a bidi override in a path hash", get(assoc + "b%E2%80%AE"), 400, "target"));
    cases.add(of("a BOM in a path hash", get(assoc + "%EF%BB%BFb"), 400, "target"));
    cases.add(
        of("a NUL in a path hash", get("/api/graph/memories/a%00/connected"), 400, "request"));
    cases.add(
        of(
            "a zero-width space deleting a memory",
            request("DELETE", "/api/graph/memories/" + A + "%E2%80%8B", "", null),
            400,
            "hash"));
  }

  /** Query strings: repeated parameters, bad escapes, loose numbers and booleans. */
  private static void queries(List<Case> cases) {
    String connected = "/api/graph/memories/" + A + "/connected";
    cases.add(
        of("max_hops given twice", get(connected + "?max_hops=1&max_hops=3"), 400, "max_hops"));
    cases.add(
        of(
            "direction given twice",
            get(connected + "?direction=both&direction=outgoing"),
            400,
            "direction"));
    cases.add(
        of(
            "a name given twice in two spellings",
            get(connected + "?max_hops=1&max%5Fhops=2"),
            400,
            "max_hops"));
    cases.add(of("%zz in a query value", get(connected + "?max_hops=%zz"), 400, "max_hops"));
    cases.add(of("%zz in a query name", get(connected + "?%zz=1"), 400, "query"));
    cases.add(of("invalid UTF-8 in a query value", get(connected + "?types=%FF"), 400, "types"));
    cases.add(
        of(
            "an encoded surrogate in a query value",
            get("/api/graph/path?from=" + A + "&to=%ED%B0%80"),
            400,
            "to"));
    cases.add(of("max_hops with a plus sign", get(connected + "?max_hops=%2B2"), 400, "max_hops"));
    cases.add(of("max_hops with a space", get(connected + "?max_hops=+2"), 400, "max_hops"));
    cases.add(of("max_hops empty", get(connected + "?max_hops="), 400, "max_hops"));
    cases.add(of("max_hops too large", get(connected + "?max_hops=99999999999"), 400, "max_hops"));
    cases.add(of("max_hops as hex", get(connected + "?max_hops=0x2"), 400, "max_hops"));
    cases.add(of("an unknown query parameter", get(connected + "?hops=2"), 400, "hops"));
    cases.add(
        of(
            "repair as yes",
            request("POST", "/api/sync/graph/drift?repair=yes", "", null),
            400,
            "repair"));
    cases.add(
        of(
            "repair given twice",
            request("POST", "/api/sync/graph/drift?repair=true&repair=false", "", null),
            400,
            "repair"));
  }

  /** Methods spelled otherwise than HTTP spells them, and method overrides. */
  private static void methods(List<Case> cases) {
    String memory = "/api/graph/memories/" + A;
    cases.add(
        of(
            "lower-case get",
            "get /api/graph/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Connection: close\r\n\r\n",
            405,
            "method"));
    cases.add(of("mixed-case delete", request("Delete", memory, "", null), 405, "method"));
    cases.add(of("an invented method", request("PURGE", memory, "", null), 405, "method"));
    cases.add(
        of(
            "GET with X-HTTP-Method-Override: DELETE",
            request("GET", memory, "X-HTTP-Method-Override: DELETE\r\n", null),
            404,
            "path"));
    cases.add(
        of(
            "GET with X-HTTP-Method: DELETE",
            request("GET", memory, "X-HTTP-Method: DELETE\r\n", null),
            404,
            "path"));
    cases.add(
        of(
            "GET with X-Method-Override: DELETE",
            request("GET", memory, "X-Method-Override: DELETE\r\n", null),
            404,
            "path"));
    cases.add(
        of(
            "POST with an override to DELETE",
            request("POST", memory, "X-HTTP-Method-Override: DELETE\r\n", null),
            404,
            "path"));
    cases.add(of("PUT, which the API does not use", request("PUT", memory, "", null), 404, "path"));
  }

  /** Bodies: content types, trailing content, framing, size. */
  private static void bodies(List<Case> cases) {
    String valid = "{\"source_hash\":\"a\",\"target_hash\":\"b\",\"similarity\":0.5}";
    for (String type :
        new String[] {
          "application/jsonx",
          "application/json-patch+json",
          "text/json",
          "text/plain",
          "application/x-www-form-urlencoded",
          "application/json; charset=latin1",
          "application/json;boundary=x"
        }) {
      cases.add(
          of(
              "Content-Type " + type,
              request("POST", "/api/graph/associations", "Content-Type: " + type + "\r\n", valid),
              415,
              "Content-Type"));
    }
    cases.add(
        of(
            "no Content-Type",
            request("POST", "/api/graph/associations", "", valid),
            415,
            "Content-Type"));
    cases.add(of("text after the JSON object", postJson(valid + " trailing"), 400, "body"));
    cases.add(of("a second JSON object", postJson(valid + valid), 400, "body"));
    cases.add(of("a JSON array", postJson("[" + valid + "]"), 400, "body"));
    cases.add(
        of(
            "an empty body",
            request(
                "POST",
                "/api/graph/associations",
                "Content-Type: application/json\r\nContent-Length: 0\r\n",
                null),
            400,
            "body"));
    cases.add(
        of(
            "a body shorter than its Content-Length",
            "POST /api/graph/associations HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n"
                + valid,
            400,
            "body"));
    cases.add(
        of(
            "a chunk size that is not hex",
            "POST /api/graph/associations HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
                + valid
                + "\r\n0\r\n\r\n",
            400,
            "body"));
    cases.add(
        of(
            "chunked body cut before its last chunk",
            "POST /api/graph/associations HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(valid.length())
                + "\r\n"
                + valid
                + "\r\n",
            400,
            "body"));
    cases.add(
        of(
            "a Content-Length over the limit",
            "POST /api/graph/associations HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Content-Length: 99999999\r\n\r\n{",
            413,
            "body"));
    String big =
        "{\"source_hash\":\"a\",\"target_hash\":\"b\",\"similarity\":0.5,\"metadata\":{\"x\":\""
            + "y".repeat(1_100_000)
            + "\"}}";
    cases.add(
        of(
            "a chunked body over the limit",
            "POST /api/graph/associations HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(big.length())
                + "\r\n"
                + big
                + "\r\n0\r\n\r\n",
            413,
            "body"));
    cases.add(of("malformed JSON", postJson("{\"source_hash\":"), 400, "body"));
    cases.add(
        of(
            "a duplicate JSON field",
            postJson(
                "{\"source_hash\":\"a\",\"source_hash\":\"c\",\"target_hash\":\"b\",\"similarity\":0.5}"),
            400,
            "body"));
  }

  /** Host and Origin headers a web page elsewhere could send. */
  private static void hosts(List<Case> cases) {
    for (String host :
        new String[] {
          "facade.de",
          "bad.cafe",
          "127.0.0.1.evil.example",
          "localhost.evil.example",
          "0x7f.0.0.1",
          "2130706433",
          "127.1",
          "0177.0.0.1",
          "[::ffff:127.0.0.1]",
          "evil.example"
        }) {
      cases.add(
          of(
              "Host " + host,
              "GET /api/graph/stats HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n",
              403,
              "Host"));
    }
    String write = "{\"source_hash\":\"a\",\"target_hash\":\"b\",\"similarity\":0.5}";
    for (String origin :
        new String[] {
          "http://evil.example",
          "null",
          "http://facade.de",
          "https://127.0.0.1",
          "http://127.0.0.1.evil.example"
        }) {
      cases.add(
          of(
              "Origin " + origin,
              request(
                  "POST",
                  "/api/graph/associations",
                  "Content-Type: application/json\r\nOrigin: " + origin + "\r\n",
                  write),
              403,
              "Origin"));
    }
  }

  /** Requests Jetty refuses itself, answered in JSON too. */
  private static void jetty(List<Case> cases) {
    cases.add(
        of(
            "a request line of 20 KB",
            get("/api/graph/stats?x=" + "y".repeat(20_000)),
            414,
            "request"));
    cases.add(
        of(
            "a header of 20 KB",
            "GET /api/graph/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-Big: "
                + "z".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n",
            431,
            "request"));
    cases.add(of("a garbled request line", "GARBAGE\r\n\r\n", 400, "path"));
    cases.add(
        of(
            "HTTP/1.1 without a Host",
            "GET /api/graph/stats HTTP/1.1\r\n" + "Connection: close\r\n\r\n",
            400,
            "request"));
    cases.add(
        of(
            "two Host headers",
            "GET /api/graph/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Host: evil.example\r\nConnection: close\r\n\r\n",
            400,
            "request"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void hostileRequest_isRefusedWithAJsonError_andChangesNothing(Case hostile) throws Exception {
    List<String> before = snapshot();

    RawHttp.Reply reply = RawHttp.send(port, hostile.request());

    assertThat(reply.status()).as(reply.head() + "\n" + reply.body()).isEqualTo(hostile.status());
    assertThat(reply.header("Content-Type")).as(reply.body()).startsWith("application/json");
    JsonNode error = TestServer.JSON.readTree(reply.body()).path("error");
    assertThat(error.path("field").asText()).as(reply.body()).isEqualTo(hostile.field());
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(snapshot()).isEqualTo(before);
  }

  /** Every row of every table this project writes, as text. */
  private List<String> snapshot() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sqlite:file:" + dir.resolve("memory_graph.db") + "?mode=ro");
        Statement s = c.createStatement()) {
      for (String table :
          new String[] {"memory_graph", "graph_sync_replica", "graph_sync_outbox"}) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2, 3")) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder line = new StringBuilder(table);
            for (int i = 1; i <= columns; i++) {
              line.append('|').append(rs.getString(i));
            }
            rows.add(line.toString());
          }
        }
      }
    }
    return rows;
  }
}
