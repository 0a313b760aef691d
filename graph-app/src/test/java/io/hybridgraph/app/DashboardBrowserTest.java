package io.hybridgraph.app;

import static io.hybridgraph.app.TestServer.association;
import static io.hybridgraph.app.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridgraph.app.config.HttpSettings;
import io.hybridgraph.app.config.StoreSettings;
import io.hybridgraph.app.config.SyncSettings;
import io.hybridgraph.d1.testing.LocalD1Database;
import io.hybridgraph.d1.testing.LocalD1Server;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in a real headless Chromium against a real server: the searched memory's
 * neighbourhood is drawn by cytoscape, and the progress bar follows an initial sync against a real
 * local D1. Set {@code -Ddashboard.screenshot=docs/dashboard.png} to save what the browser shows.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DashboardBrowserTest {

  static final String CENTER = "9f2c4e1ab7d35c08e6f1a2b3c4d5e6f7";
  static final String CAUSE = "a41b7c2d9e0f4a5b8c7d6e5f4a3b2c1d";
  static final String RELATED = "b7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5";
  static final String FIX = "c0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5";
  static final String CONTRADICTION = "d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0";
  static final String FAR = "e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8";

  /** Legacy rows for the initial sync: 20 pages of 50. */
  private static final int LEGACY_ROWS = 1_000;

  @TempDir Path dir;
  private LocalD1Database d1;
  private TestServer server;
  private ChromeDriver browser;

  @AfterEach
  void stop() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      try {
        if (server != null) {
          server.close();
        }
      } finally {
        if (d1 != null) {
          d1.close();
        }
      }
    }
  }

  /** A small graph of every kind of edge around {@link #CENTER}; FAR is three hops away. */
  static void seed(TestServer server) {
    store(server, CENTER, CAUSE, "causes");
    store(server, CENTER, RELATED, "related");
    store(server, CAUSE, FIX, "fixes");
    store(server, RELATED, CONTRADICTION, "contradicts");
    store(server, CAUSE, RELATED, "supports");
    store(server, FIX, FAR, "follows");
  }

  private static void store(TestServer server, String source, String target, String type) {
    HttpResponse<String> response =
        server.post("/api/graph/associations", association(source, target, type, 0.8));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private Object js(String script, Object... arguments) {
    return browser.executeScript(script, arguments);
  }

  private void search(String hash) {
    browser.findElement(By.id("hash")).clear();
    browser.findElement(By.id("hash")).sendKeys(hash);
    browser.findElement(By.cssSelector("#search-form button")).click();
  }

  private String center() {
    return browser.findElement(By.id("graph")).getDomAttribute("data-center");
  }

  @Test
  void search_drawsTheNeighbourhood_withAColourPerTypeAndArrowsOnDirectedEdges() {
    server = TestServer.start(dir.resolve("data"), Map.of());
    seed(server);
    JsonNode expected =
        json(server.get("/api/graph/memories/" + CENTER + "/subgraph?radius=2&max_nodes=200"));
    browser = Chromium.start(dir.resolve("profile"));

    browser.get(server.uri("/").toString());
    search(CENTER);

    await().atMost(Duration.ofSeconds(15)).until(() -> CENTER.equals(center()));
    List<String> expectedNodes = new ArrayList<>();
    expected.path("nodes").forEach(node -> expectedNodes.add(node.path("hash").asText()));
    assertThat(expectedNodes).containsExactlyInAnyOrder(CENTER, CAUSE, RELATED, FIX, CONTRADICTION);
    assertThat(js("return window.dashboardGraph.nodes().map(n => n.id())"))
        .asList()
        .containsExactlyInAnyOrderElementsOf(expectedNodes);
    assertThat(js("return window.dashboardGraph.edges().length"))
        .isEqualTo((long) expected.path("edges").size())
        .isEqualTo(5L);
    assertThat(
            js(
                "return window.dashboardGraph.edges().map(e => e.data('type') + ' '"
                    + " + e.style('target-arrow-shape'))"))
        .asList()
        .containsExactlyInAnyOrder(
            "causes triangle",
            "related none",
            "fixes triangle",
            "contradicts none",
            "supports triangle");
    assertThat(
            js(
                "return new Set(window.dashboardGraph.edges().map(e => e.style('line-color')))"
                    + ".size"))
        .isEqualTo(5L);
    assertThat(
            js(
                "const cy = window.dashboardGraph; return cy.nodes().every(n => {"
                    + " const p = n.renderedPosition();"
                    + " return p.x > 0 && p.y > 0 && p.x < cy.width() && p.y < cy.height(); })"))
        .as("every node is drawn inside the visible canvas")
        .isEqualTo(true);
    assertThat(browser.findElement(By.id("graph-message")).getText())
        .contains("5 memories and 5 associations");

    js("window.dashboardGraph.getElementById(arguments[0]).emit('tap')", FIX);

    await().atMost(Duration.ofSeconds(15)).until(() -> FIX.equals(center()));
    assertThat(js("return window.dashboardGraph.nodes().map(n => n.id())"))
        .asList()
        .contains(FIX, FAR, CAUSE);
  }

  @Test
  void search_showsAnUnknownOrHostileHashAsText_neverAsMarkup() {
    server = TestServer.start(dir.resolve("data"), Map.of());
    seed(server);
    browser = Chromium.start(dir.resolve("profile"));
    browser.get(server.uri("/").toString());
    search(CENTER);
    await().atMost(Duration.ofSeconds(15)).until(() -> CENTER.equals(center()));

    search("<img src=x onerror=\"window.pwned=1\">");

    await().atMost(Duration.ofSeconds(15)).until(() -> center().isEmpty());
    assertThat(browser.findElement(By.id("graph-message")).getText())
        .contains("<img src=x onerror=\"window.pwned=1\">");
    assertThat(browser.findElements(By.cssSelector("#graph-message *"))).isEmpty();
    assertThat(js("return window.pwned === undefined")).isEqualTo(true);
    assertThat(js("return window.dashboardGraph.elements().length")).isEqualTo(0L);
  }

  @Test
  void tokenForm_unlocksTheApi_andTheEventStream() {
    String token = "browser-token-0123456789";
    server = TestServer.start(dir.resolve("data"), Map.of(HttpSettings.API_TOKEN, token));
    seed(server.withToken(token));
    browser = Chromium.start(dir.resolve("profile"));
    browser.get(server.uri("/").toString());

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> browser.findElement(By.id("token-form")).isDisplayed());
    browser.findElement(By.id("token")).sendKeys(token);
    browser.findElement(By.cssSelector("#token-form button")).click();

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> browser.findElement(By.id("connection")).getText().equals("live"));
    assertThat(browser.findElement(By.id("token-form")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("sync-state")).getText()).isEqualTo("OFF");
    search(CENTER);
    await().atMost(Duration.ofSeconds(15)).until(() -> CENTER.equals(center()));
    assertThat(js("return window.dashboardGraph.nodes().length")).isEqualTo(5L);
  }

  @Test
  void initialSync_movesTheProgressBar_pageByPage_untilDone() throws Exception {
    Path data = dir.resolve("data");
    seedLegacyGraph(data.resolve(StoreSettings.DEFAULT_DB_FILE), LEGACY_ROWS);
    d1 = LocalD1Server.get().lease();
    Map<String, String> env = new HashMap<>(SyncHttpTest.cloud(d1));
    env.put(SyncSettings.BATCH_SIZE, "50");
    env.put(HttpSettings.STATUS_EVENT_INTERVAL_MS, "500");
    server = TestServer.start(data, env);
    seed(server);
    browser = Chromium.start(dir.resolve("profile"));
    browser.get(server.uri("/").toString());
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                browser.findElement(By.id("connection")).getText().equals("live")
                    && browser.findElement(By.id("start-initial")).isEnabled());
    // Every change of the bar, as the browser saw it, with the time it happened.
    js(
        "window.progressSeen = []; const bar = document.getElementById('sync-progress');"
            + " new MutationObserver(() => window.progressSeen.push({at: performance.now(),"
            + " phase: bar.dataset.phase, done: Number(bar.dataset.done),"
            + " total: Number(bar.dataset.total), finished: bar.dataset.finished === 'true',"
            + " value: bar.value, max: bar.max})).observe(bar, {attributes: true,"
            + " attributeFilter: ['data-done', 'data-finished', 'data-phase']});");

    browser.findElement(By.id("start-initial")).click();

    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> uploadSamples().stream().anyMatch(sample -> (Boolean) sample.get("finished")));
    List<Map<String, Object>> upload = uploadSamples();
    List<Long> done = upload.stream().map(sample -> (Long) sample.get("done")).toList();
    assertThat(done).as("upload progress seen by the page").isSorted();
    assertThat(done.stream().filter(value -> value > 0 && value < LEGACY_ROWS).distinct().count())
        .as("intermediate values of %s", done)
        .isGreaterThanOrEqualTo(5);
    Map<String, Object> last = upload.get(upload.size() - 1);
    assertThat(last.get("done")).isEqualTo(last.get("total"));
    assertThat((Long) last.get("total")).isGreaterThanOrEqualTo(LEGACY_ROWS);
    assertThat(toDouble(last.get("value"))).isEqualTo(toDouble(last.get("max")));
    assertThat(toDouble(upload.get(0).get("value"))).isLessThan(toDouble(last.get("value")));
    assertThat(toDouble(last.get("at"))).isGreaterThan(toDouble(upload.get(0).get("at")));

    // The run ends with the bar full and the panel showing the pushes.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              JsonNode progress =
                  json(server.get("/api/sync/graph/status")).path("initial_sync_progress");
              return progress.path("finished").asBoolean()
                  && progress.path("phase").asText().equals(progressAttribute("data-phase"))
                  && progressAttribute("data-finished").equals("true");
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !browser.findElement(By.id("sync-last-push")).getText().equals("–"));
    assertThat(browser.findElement(By.id("progress-text")).getText()).endsWith("done");
    search(CENTER);
    await().atMost(Duration.ofSeconds(15)).until(() -> CENTER.equals(center()));
    screenshot();
  }

  private String progressAttribute(String name) {
    return browser.findElement(By.id("sync-progress")).getDomAttribute(name);
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> uploadSamples() {
    List<Map<String, Object>> all = (List<Map<String, Object>>) js("return window.progressSeen");
    return all.stream().filter(sample -> "upload".equals(sample.get("phase"))).toList();
  }

  private static double toDouble(Object number) {
    return ((Number) number).doubleValue();
  }

  /**
   * A Python-made graph of {@code rows} directed rows written straight into {@code memory_graph}
   * before the application opens the file, so they are not in the outbox: only the initial sync
   * uploads them.
   */
  private static void seedLegacyGraph(Path database, int rows) throws Exception {
    Files.createDirectories(database.getParent());
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database)) {
      connection.setAutoCommit(false);
      try (Statement ddl = connection.createStatement()) {
        ddl.execute(
            "CREATE TABLE memory_graph (source_hash TEXT NOT NULL, target_hash TEXT NOT NULL,"
                + " similarity REAL NOT NULL, connection_types TEXT NOT NULL, metadata TEXT,"
                + " created_at REAL NOT NULL, relationship_type TEXT DEFAULT 'related',"
                + " PRIMARY KEY (source_hash, target_hash))");
      }
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO memory_graph VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < rows; i++) {
          insert.setString(1, String.format("legacy-%05d", i));
          insert.setString(2, String.format("legacy-%05d", i + 1));
          insert.setDouble(3, 0.5);
          insert.setString(4, "[\"semantic\"]");
          insert.setString(5, "{}");
          insert.setDouble(6, 1_700_000_000.0 + i);
          insert.setString(7, "follows");
          insert.addBatch();
        }
        insert.executeBatch();
      }
      connection.commit();
    }
  }

  /** Saves what the browser shows when {@code -Ddashboard.screenshot=FILE} is given. */
  private void screenshot() {
    String target = System.getProperty("dashboard.screenshot");
    if (target == null || target.isBlank()) {
      return;
    }
    try {
      Path file = Path.of(target);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new AssertionError("cannot save the screenshot to " + target, e);
    }
  }
}
