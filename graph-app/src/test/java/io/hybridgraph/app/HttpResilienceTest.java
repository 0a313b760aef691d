package io.hybridgraph.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridgraph.app.config.HttpSettings;
import io.hybridgraph.app.http.ApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections that misbehave on purpose must never take the server from other clients. */
class HttpResilienceTest {

  @TempDir Path dir;

  private static Socket open(int port, String head) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  private static String stalledPost(int port) {
    return "POST /api/graph/associations HTTP/1.1\r\nHost: 127.0.0.1:"
        + port
        + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"source";
  }

  private static void closeAll(List<Socket> sockets) {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  @Test
  void threeHundredStalledBodies_holdNoWorker_healthAndWritesAnswerAtOnce() throws Exception {
    try (TestServer server = TestServer.start(dir, Map.of())) {
      int port = server.server.port();
      List<Socket> stalled = new ArrayList<>();
      try {
        for (int i = 0; i < 300; i++) {
          stalled.add(open(port, stalledPost(port)));
        }

        long started = System.nanoTime();
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
        assertThat(
                server
                    .post("/api/graph/associations", TestServer.association("a", "b", "fixes", 0.5))
                    .statusCode())
            .isEqualTo(201);
        long millis = (System.nanoTime() - started) / 1_000_000;

        // Far below the 10 s a stalled body may take; a held worker pool would wait that long.
        assertThat(millis).isLessThan(5_000);
      } finally {
        closeAll(stalled);
      }
      assertThat(TestServer.json(server.get("/api/graph/stats")).path("total_rows").asLong())
          .isEqualTo(1);
    }
  }

  @Test
  void stalledBody_isAnswered408_afterTheDeadline_andStoresNothing() throws Exception {
    try (TestServer server = TestServer.start(dir, Map.of())) {
      int port = server.server.port();
      try (Socket socket = open(port, stalledPost(port))) {
        long started = System.nanoTime();
        RawHttp.Reply reply = RawHttp.parse(socket.getInputStream().readAllBytes());
        long seconds = (System.nanoTime() - started) / 1_000_000_000;

        assertThat(reply.status()).isEqualTo(408);
        JsonNode error = TestServer.JSON.readTree(reply.body()).path("error");
        assertThat(error.path("field").asText()).isEqualTo("body");
        assertThat(error.path("message").asText()).contains("did not arrive within 10 s");
        assertThat(seconds).isGreaterThanOrEqualTo(ApiServer.BODY_DEADLINE.toSeconds() - 1);
      }
      assertThat(TestServer.json(server.get("/api/graph/stats")).path("total_rows").asLong())
          .isZero();
    }
  }

  @Test
  void eventStreamsBeyondTheCap_are503_andAPlaceFreesWhenAStreamCloses() throws Exception {
    try (TestServer server =
        TestServer.start(dir, Map.of(HttpSettings.STATUS_EVENT_INTERVAL_MS, "100"))) {
      int port = server.server.port();
      String stream =
          "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:"
              + port
              + "\r\nAccept: text/event-stream\r\n\r\n";
      List<Socket> streams = new ArrayList<>();
      try {
        for (int i = 0; i < ApiServer.MAX_EVENT_STREAMS; i++) {
          Socket socket = open(port, stream);
          streams.add(socket);
          assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }

        RawHttp.Reply refused =
            RawHttp.send(port, stream.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(TestServer.JSON.readTree(refused.body()).path("error").path("field").asText())
            .isEqualTo("events");

        streams.remove(0).close();
        Socket again = null;
        long deadline = System.currentTimeMillis() + 10_000;
        while (again == null && System.currentTimeMillis() < deadline) {
          Socket socket = open(port, stream);
          String head = readHead(socket.getInputStream());
          if (head.startsWith("HTTP/1.1 200")) {
            again = socket;
          } else {
            socket.close();
            Thread.sleep(100);
          }
        }
        assertThat(again).as("a place frees once the server sees the stream closed").isNotNull();
        streams.add(again);
      } finally {
        closeAll(streams);
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }
}
