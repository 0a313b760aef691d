package io.hybridgraph.app.cli;

import io.hybridgraph.app.demo.Demo;
import io.hybridgraph.app.demo.LocalD1Process;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the whole mission on one machine with nothing configured. Starts a local D1 and two
 * devices with their own SQLite files, plays arrival, a conflict and a delete-versus-modify, checks
 * each outcome and exits 1 when the devices did not converge as expected. Ignores the configured
 * settings: the demo's devices live in their own directory.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Show sync on one machine: a local D1 and two devices, arrival with timings, a conflict and"
            + " a delete-versus-modify, checked; exit code 1 when the devices do not converge.")
final class DemoCommand implements Callable<Integer> {

  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Directory for the devices' SQLite files, empty or absent (default: a new temporary"
              + " directory, removed at the end unless --keep).")
  Path dir;

  @Option(
      names = "--local-d1",
      paramLabel = "DIR",
      description =
          "The local-d1/ directory (default: found by walking up from the working directory or"
              + " from the jar).")
  Path localD1;

  @Option(names = "--keep", description = "Keep the temporary directory with the SQLite files.")
  boolean keep;

  @Option(
      names = "--stay",
      description =
          "After the script, keep the devices, device A's dashboard and the local D1 running until"
              + " Enter is pressed.")
  boolean stay;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path d1Dir =
        localD1 != null
            ? localD1
            : LocalD1Process.locate()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "cannot find local-d1/ (with server.mjs) above the working directory"
                                + " or the jar; run the demo inside the hybrid-graph-sync checkout"
                                + " or pass --local-d1 DIR"));
    boolean temporary = dir == null;
    Path data = temporary ? Files.createTempDirectory("hybrid-graph-demo-") : prepare(dir);
    String node = root.environment().getOrDefault("LOCAL_D1_NODE", "node");
    if (node.isBlank()) {
      node = "node";
    }
    try {
      Demo.run(
          new Demo.Options(
              data.toAbsolutePath(),
              d1Dir,
              node,
              !temporary || keep,
              stay,
              DemoCommand::waitForEnter),
          out);
      return 0;
    } catch (Demo.Failure e) {
      out.flush();
      spec.commandLine().getErr().println("demo failed: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    } finally {
      if (temporary && !keep) {
        Demo.deleteTree(data, message -> out.println("  " + message));
      } else {
        out.println("The devices' SQLite files are kept in " + data.toAbsolutePath());
      }
      out.flush();
    }
  }

  private static Path prepare(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "--dir " + dir.toAbsolutePath() + " is not empty; give an empty or new directory");
        }
      }
    } else if (Files.exists(dir)) {
      throw new IllegalArgumentException("--dir " + dir.toAbsolutePath() + " is not a directory");
    }
    return Files.createDirectories(dir);
  }

  private static void waitForEnter() {
    try {
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    } catch (IOException e) {
      // Stdin is gone: stop as if Enter had been pressed.
    }
  }
}
