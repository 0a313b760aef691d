package io.hybridgraph.app.cli;

import io.hybridgraph.app.Application;
import io.hybridgraph.app.config.AppConfig;
import io.hybridgraph.app.http.ApiServer;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * Serves the HTTP API and starts sync in the background until the process is stopped (a shutdown
 * hook asks it to stop and waits until sync, server and store are closed) or {@link
 * RootCommand#stop()} is called.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve the HTTP API and run background sync until stopped (Ctrl-C).")
final class ServeCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @ParentCommand RootCommand root;

  @Override
  public Integer call() {
    AppConfig config = root.config();
    log.info("hybrid-graph-sync starting: {}", config.summary());
    config.http().requireSafeBinding();
    Application app = Application.open(config);
    Thread hook =
        new Thread(
            () -> {
              root.stop();
              root.stopped().join();
            },
            "graph-app-shutdown");
    try {
      // The server first: the local graph is served, and the metrics and event stream see sync
      // from its first step, whatever the cloud does.
      ApiServer server = app.startServer();
      app.startSync();
      Runtime.getRuntime().addShutdownHook(hook);
      log.info("Ready: http://{}:{}/health", config.http().host(), server.port());
      root.serving().complete(server.port());
      root.stopRequested().join();
      log.info("Stopping");
      return 0;
    } finally {
      try {
        app.close();
      } finally {
        root.stopped().complete(null);
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException e) {
          // The JVM is shutting down (the hook is running), or the hook was never added.
        }
      }
    }
  }
}
