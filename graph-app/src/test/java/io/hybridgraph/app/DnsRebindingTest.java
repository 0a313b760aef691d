package io.hybridgraph.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DNS rebinding against a rebinding resolver: this test runs in its own JVM whose resolver ({@code
 * jdk.net.hosts.file}, see the module's pom) answers 127.0.0.1 for names made only of hex digits
 * and dots, as an attacker's DNS server would. A page at such a name must not reach the API.
 */
class DnsRebindingTest {

  private static final String ASSOCIATION =
      "{\"source_hash\":\"a\",\"target_hash\":\"b\",\"similarity\":0.5}";

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

  private long rows() {
    return TestServer.json(server.get("/api/graph/stats")).path("total_rows").asLong();
  }

  @ParameterizedTest
  @ValueSource(strings = {"facade.de", "bad.cafe", "dead.beef.ad", "c0.ffee.ac"})
  void hexLookingName_thatResolvesToLoopback_isRefused(String name) throws Exception {
    assertThat(InetAddress.getByName(name).isLoopbackAddress())
        .as("the test resolver answers 127.0.0.1 for " + name)
        .isTrue();
    int port = server.server.port();

    RawHttp.Reply read =
        RawHttp.send(
            port,
            "GET /api/graph/stats HTTP/1.1\r\nHost: "
                + name
                + ":"
                + port
                + "\r\nConnection: close\r\n\r\n");
    RawHttp.Reply write =
        RawHttp.send(
            port,
            "POST /api/graph/associations HTTP/1.1\r\nHost: "
                + name
                + ":"
                + port
                + "\r\nOrigin: http://"
                + name
                + ":"
                + port
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + ASSOCIATION.length()
                + "\r\nConnection: close\r\n\r\n"
                + ASSOCIATION);

    assertThat(read.status()).isEqualTo(403);
    assertThat(read.body()).contains("\"field\":\"Host\"");
    assertThat(write.status()).isEqualTo(403);
    assertThat(rows()).isZero();
  }

  @Test
  void writeFromAHexLookingOrigin_addressedToLoopback_isRefused() {
    int port = server.server.port();

    RawHttp.Reply write =
        RawHttp.send(
            port,
            "POST /api/graph/associations HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nOrigin: http://facade.de:"
                + port
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + ASSOCIATION.length()
                + "\r\nConnection: close\r\n\r\n"
                + ASSOCIATION);

    assertThat(write.status()).isEqualTo(403);
    assertThat(write.body()).contains("\"field\":\"Origin\"");
    assertThat(rows()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "localhost", "[::1]", "127.1.2.3"})
  void literalLoopbackNames_areServed(String host) {
    int port = server.server.port();

    RawHttp.Reply write =
        RawHttp.send(
            port,
            "POST /api/graph/associations HTTP/1.1\r\nHost: "
                + host
                + ":"
                + port
                + "\r\nOrigin: http://"
                + host
                + ":"
                + port
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + ASSOCIATION.length()
                + "\r\nConnection: close\r\n\r\n"
                + ASSOCIATION);

    assertThat(write.status()).as(write.body()).isEqualTo(201);
    assertThat(rows()).isEqualTo(2);
  }
}
