package io.hybridgraph.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.app.cli.RootCommand;
import io.hybridgraph.app.config.HttpSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve} through the command line: starts, logs one masked summary line, stops cleanly. */
class ServeCommandTest {

  private static final String HTTP_TOKEN = "serve-http-token-0123456789";
  private static final String CLOUD_TOKEN = "serve-cloud-token-9876543210";

  @TempDir Path dir;

  @Test
  void serve_startsOnTheConfiguredDatabase_logsAMaskedSummary_andStopsOnRequest() throws Exception {
    Map<String, String> env = new HashMap<>(TestServer.env(dir, Map.of()));
    env.put(HttpSettings.API_TOKEN, HTTP_TOKEN);
    // Sync explicitly off even though a Cloudflare token is present: it must still be masked.
    env.put("CLOUDFLARE_API_TOKEN", CLOUD_TOKEN);
    env.put("HYBRID_GRAPH_SYNC_ENABLED", "false");
    Path envFile = Files.writeString(dir.resolve("serve.env"), "");
    CommandLine cli = RootCommand.commandLine(env);
    RootCommand root = cli.getCommand();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(new StringWriter(), true));

    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    CompletableFuture<Integer> exit;
    try {
      exit =
          CompletableFuture.supplyAsync(
              () -> cli.execute("--env-file", envFile.toString(), "serve"));
      int port = root.serving().get(30, TimeUnit.SECONDS);

      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                      .header("Authorization", "Bearer " + HTTP_TOKEN)
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);

      root.stop();
      assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    } finally {
      root.stop();
      System.setErr(originalErr);
    }

    String log = logs.toString(StandardCharsets.UTF_8);
    assertThat(log.lines().filter(l -> l.contains("hybrid-graph-sync starting:")))
        .singleElement()
        .satisfies(
            line -> assertThat(line).contains(dir.toString(), "api token set ****", "sync off"));
    assertThat(log).doesNotContain(HTTP_TOKEN).doesNotContain(CLOUD_TOKEN);
    assertThat(Files.exists(dir.resolve("memory_graph.db"))).isTrue();
  }
}
