package io.hybridgraph.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.app.config.HttpSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's assets and the token rules around them, over plain HTTP: the page and its scripts
 * hold no data and are served without a token; the event stream alone also takes the token as a
 * query parameter, since a browser's EventSource cannot send headers.
 */
class DashboardHttpTest {

  private static final String TOKEN = "dashboard-token-0123456789";

  @TempDir Path dir;
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(dir, Map.of(HttpSettings.API_TOKEN, TOKEN));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> anonymous(String path) {
    return server.send(HttpRequest.newBuilder(server.uri(path)).GET().build());
  }

  private int eventStreamStatus(String pathAndQuery) throws Exception {
    HttpResponse<Stream<String>> response =
        server
            .http
            .sendAsync(
                HttpRequest.newBuilder(server.uri(pathAndQuery))
                    .header("Accept", "text/event-stream")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofLines())
            .get(10, TimeUnit.SECONDS);
    response.body().close();
    return response.statusCode();
  }

  @Test
  void page_andAssets_areServedWithoutToken_sameOriginOnly() {
    HttpResponse<String> page = anonymous("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(policy -> assertThat(policy).contains("script-src 'self'"));
    assertThat(page.body())
        .contains("/dashboard/vendor/cytoscape.min.js", "/dashboard/app.js")
        .doesNotContain("http://", "https://");

    HttpResponse<String> cytoscape = anonymous("/dashboard/vendor/cytoscape.min.js");
    assertThat(cytoscape.statusCode()).isEqualTo(200);
    assertThat(cytoscape.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
    assertThat(cytoscape.body()).contains("cytoscape").hasSizeGreaterThan(100_000);
    assertThat(anonymous("/dashboard/app.js").body()).contains("window.dashboardGraph");
    assertThat(anonymous("/dashboard/app.css").statusCode()).isEqualTo(200);
  }

  @Test
  void api_stillNeedsTheToken_andRefusesItAsAQueryParameter() {
    assertThat(anonymous("/api/sync/graph/status").statusCode()).isEqualTo(401);
    assertThat(anonymous("/api/sync/graph/status?token=" + TOKEN).statusCode()).isEqualTo(401);
    assertThat(anonymous("/api/graph/stats?token=" + TOKEN).statusCode()).isEqualTo(401);
    assertThat(anonymous("/metrics?token=" + TOKEN).statusCode()).isEqualTo(401);
  }

  @Test
  void eventStream_takesTheTokenAsAQueryParameter_andRefusesAWrongOne() throws Exception {
    assertThat(eventStreamStatus("/api/events?token=" + TOKEN)).isEqualTo(200);
    assertThat(eventStreamStatus("/api/events?token=" + TOKEN + "x")).isEqualTo(401);
    assertThat(eventStreamStatus("/api/events")).isEqualTo(401);
  }
}
