package io.hybridgraph.app.cli;

import io.hybridgraph.app.Application;
import io.hybridgraph.app.config.AppConfig;
import io.hybridgraph.app.config.EnvironmentLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hybrid-graph-sync}: serve the HTTP API (the default), control sync, query the graph and
 * check the setup, all on the local database named by the configuration.
 */
@Command(
    name = "hybrid-graph-sync",
    mixinStandardHelpOptions = true,
    version = "hybrid-graph-sync 0.1.0",
    description =
        "Local-first knowledge-graph sync: SQLite on this device, Cloudflare D1 in the cloud.",
    subcommands = {
      ServeCommand.class,
      SyncCommand.class,
      DriftCommand.class,
      QueryCommands.Connected.class,
      QueryCommands.Path.class,
      QueryCommands.SubgraphQuery.class,
      QueryCommands.Stats.class,
      ReviewCommands.SetAside.class,
      DoctorCommand.class,
      DemoCommand.class
    })
public final class RootCommand implements Callable<Integer> {

  /** Exit code for configuration and usage errors. */
  public static final int CONFIG_ERROR = 2;

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "Read settings from this .env file (default: .env in the working directory).")
  Path envFile;

  private final Map<String, String> processEnv;
  private final CompletableFuture<Integer> serving = new CompletableFuture<>();
  private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  RootCommand(Map<String, String> processEnv) {
    this.processEnv = Map.copyOf(processEnv);
  }

  /** The command line with its error handling, for {@code main} and tests. */
  public static CommandLine commandLine(Map<String, String> processEnv) {
    CommandLine cli = new CommandLine(new RootCommand(processEnv));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + e.getMessage());
          commandLine.getErr().flush();
          return e instanceof IllegalArgumentException ? CONFIG_ERROR : 1;
        });
    return cli;
  }

  /** The merged environment: the .env file under the process environment. */
  Map<String, String> environment() {
    return envFile == null
        ? EnvironmentLoader.load(EnvironmentLoader.DEFAULT_FILE, false, processEnv)
        : EnvironmentLoader.load(envFile, true, processEnv);
  }

  /** The configuration; an {@link IllegalArgumentException} names each invalid variable. */
  AppConfig config() {
    return AppConfig.fromEnvironment(environment());
  }

  Application open() {
    return Application.open(config());
  }

  /** Completes with the HTTP port once {@code serve} is ready. */
  public CompletableFuture<Integer> serving() {
    return serving;
  }

  /** Asks a running {@code serve} to stop; it closes sync, the server and the store. */
  public void stop() {
    stopRequested.complete(null);
  }

  CompletableFuture<Void> stopRequested() {
    return stopRequested;
  }

  /** Completes once {@code serve} has closed everything. */
  CompletableFuture<Void> stopped() {
    return stopped;
  }

  /** Without a subcommand: {@code serve}. */
  @Override
  public Integer call() {
    ServeCommand serve = new ServeCommand();
    serve.root = this;
    return serve.call();
  }
}
