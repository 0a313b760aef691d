package io.hybridgraph.app;

import static io.hybridgraph.app.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridgraph.app.config.AppConfig;
import io.hybridgraph.app.config.HttpSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityTest {

  private static final String TOKEN = "api-token-0123456789abcdef";

  @TempDir Path dir;

  @Test
  void withATokenConfigured_everyRequestNeedsIt_andItIsNeverEchoed() {
    try (TestServer server = TestServer.start(dir, Map.of(HttpSettings.API_TOKEN, TOKEN))) {
      for (String path : new String[] {"/health", "/metrics", "/api/graph/stats", "/api/events"}) {
        HttpResponse<String> missing = server.get(path);
        assertThat(missing.statusCode()).as(path).isEqualTo(401);
        assertThat(json(missing).path("error").path("field").asText()).isEqualTo("Authorization");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).isPresent();
      }
      server.withToken(TOKEN + "x");
      HttpResponse<String> wrong = server.get("/api/graph/stats");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).doesNotContain(TOKEN);

      server.withToken(TOKEN);
      assertThat(server.get("/api/graph/stats").statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = server.get("/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).doesNotContain(TOKEN);
      assertThat(server.get("/api/sync/graph/status").body()).doesNotContain(TOKEN);
    }
  }

  @Test
  void wrongTokenOnAWrite_storesNothing() {
    try (TestServer server = TestServer.start(dir, Map.of(HttpSettings.API_TOKEN, TOKEN))) {
      server.withToken("not-the-token-at-all-000");
      HttpResponse<String> response =
          server.post("/api/graph/associations", TestServer.association("a", "b", "related", 0.5));
      server.withToken(TOKEN);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(json(server.get("/api/graph/stats")).path("total_rows").asLong()).isZero();
    }
  }

  @Test
  void nonLoopbackAddress_withoutToken_refusesToStart_withAnExplanation() {
    AppConfig config =
        AppConfig.fromEnvironment(TestServer.env(dir, Map.of(HttpSettings.HOST, "0.0.0.0")));
    try (Application app = Application.open(config)) {
      assertThatThrownBy(app::startServer)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("refusing to listen on 0.0.0.0")
          .hasMessageContaining("HYBRID_GRAPH_API_TOKEN");
    }
  }

  @Test
  void portInUse_failsToStart_namingTheVariables(@TempDir Path other) {
    try (TestServer first = TestServer.start(dir, Map.of())) {
      AppConfig config =
          AppConfig.fromEnvironment(
              TestServer.env(
                  other, Map.of(HttpSettings.PORT, Integer.toString(first.server.port()))));
      try (Application second = Application.open(config)) {
        assertThatThrownBy(second::startServer)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cannot listen on 127.0.0.1:" + first.server.port())
            .hasMessageContaining("HYBRID_GRAPH_HTTP_PORT");
      }
      assertThat(first.get("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void nonLoopbackAddress_withToken_starts() {
    try (TestServer server =
        TestServer.start(
            dir, Map.of(HttpSettings.HOST, "0.0.0.0", HttpSettings.API_TOKEN, TOKEN))) {
      server.withToken(TOKEN);
      assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }
  }
}
