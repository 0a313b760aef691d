package io.hybridgraph.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.app.cli.RootCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code demo} against the real local D1 of this checkout: it passes, and says what happened. */
class DemoCommandTest {

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  private Run run(String... args) throws IOException {
    return run(Map.of(), args);
  }

  private Run run(Map<String, String> processEnv, String... args) throws IOException {
    Path envFile = Files.writeString(dir.resolve("test.env"), "# no settings\n");
    CommandLine cli = RootCommand.commandLine(processEnv);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("--env-file", envFile.toString(), "demo"));
    all.addAll(List.of(args));
    int code = cli.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private static Path localD1() {
    return Path.of(System.getProperty("local-d1.dir", "../local-d1"));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void demo_convergesBothDevices_andSaysWhereToLook() throws IOException {
    Path data = dir.resolve("demo");

    Run run = run("--dir", data.toString(), "--local-d1", localD1().toString());

    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("local D1   http://127.0.0.1:")
        .containsPattern(
            "coffee -causes-> insomnia\\s+stored on A in\\s+\\d+ ms, on B\\s+\\d+ ms later")
        .containsPattern("all 5 on B \\d+ ms after the first store on A")
        .contains("B's version won on both devices")
        .contains("the deletion won on both devices")
        .contains("re-creation after a deletion wins everywhere")
        .containsPattern("local D1\\s+\\d+ rows in memory_graph")
        .contains("dashboard                 http://127.0.0.1:")
        .contains("/api/sync/graph/status", "/api/events")
        .contains("Demo passed");
    assertThat(run.err()).doesNotContain("demo failed");
    // The local D1's token is 32 random hex characters; nothing may show it.
    assertThat(run.out() + run.err()).doesNotContainPattern("[0-9a-f]{32}");
    assertThat(data.resolve("device-a").resolve("memory_graph.db")).exists();
    assertThat(data.resolve("device-b").resolve("memory_graph.db")).exists();
  }

  @Test
  void demo_nonEmptyDir_isAUsageError() throws IOException {
    Files.writeString(dir.resolve("occupied"), "x");

    Run run = run("--dir", dir.toString(), "--local-d1", localD1().toString());

    assertThat(run.code()).isEqualTo(RootCommand.CONFIG_ERROR);
    assertThat(run.err()).contains("is not empty");
  }

  @Test
  void demo_withoutALocalD1_saysWhatIsMissing() throws IOException {
    Run run = run("--dir", dir.resolve("demo").toString(), "--local-d1", dir.toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("has no server.mjs", "--local-d1");
  }

  @Test
  void demo_withoutNode_saysToInstallIt() throws IOException {
    Run run =
        run(
            Map.of("LOCAL_D1_NODE", dir.resolve("no-such-node").toString()),
            "--dir",
            dir.resolve("demo").toString(),
            "--local-d1",
            localD1().toString());

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("Node.js 20", "LOCAL_D1_NODE");
  }
}
