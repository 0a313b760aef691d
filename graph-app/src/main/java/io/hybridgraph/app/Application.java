package io.hybridgraph.app;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import io.hybridgraph.app.config.AppConfig;
import io.hybridgraph.app.http.ApiServer;
import io.hybridgraph.app.http.HttpModule;
import io.hybridgraph.sqlite.SqliteGraphStore;
import io.hybridgraph.sync.port.in.SyncControl;
import io.hybridgraph.sync.port.in.SyncLifecycle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running application: the one Guice injector and what it built — the graph, sync control, sync
 * lifecycle and, for {@code serve}, the HTTP server and the watch on other programs' changes.
 * Closing stops the server, then sync, then the store, in reverse start order. Used by every CLI
 * command; not thread-safe to open or close.
 */
public final class Application implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Application.class);

  private final AppConfig config;
  private final Injector injector;
  private final GraphUseCases graph;
  private final SyncControl sync;
  private final SyncLifecycle syncLifecycle;
  private final SqliteGraphStore store;
  private ApiServer server;
  private StoreWatch watch;
  private boolean closed;

  private Application(AppConfig config, Injector injector) {
    this.config = config;
    this.injector = injector;
    this.graph = injector.getInstance(GraphUseCases.class);
    this.sync = injector.getInstance(SyncControl.class);
    this.syncLifecycle = injector.getInstance(SyncLifecycle.class);
    this.store = injector.getInstance(SqliteGraphStore.class);
  }

  /**
   * Builds the injector for {@code config} and opens the local database (creating its directory).
   * Nothing talks to the cloud yet.
   *
   * @throws IllegalStateException saying which file could not be opened and why
   */
  public static Application open(AppConfig config) {
    Path db = config.store().databaseFile();
    try {
      Files.createDirectories(db.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the directory of the graph database " + db + ": " + e, e);
    }
    Module sync =
        config.syncEnabled() ? new CloudSyncModule(config.d1Config()) : new LocalSyncModule();
    List<Module> modules = List.of(new AppModule(config), sync, new HttpModule());
    try {
      Injector injector =
          Guice.createInjector(
              Stage.PRODUCTION,
              new AbstractModule() {
                @Override
                protected void configure() {
                  binder().requireExplicitBindings();
                  binder().disableCircularProxies();
                  binder().requireExactBindingAnnotations();
                  modules.forEach(this::install);
                }
              });
      return new Application(config, injector);
    } catch (CreationException | ProvisionException e) {
      Throwable cause = rootCause(e);
      throw new IllegalStateException(
          "cannot open the graph database " + db + ": " + cause.getMessage(), cause);
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  public AppConfig config() {
    return config;
  }

  /** The graph use cases: local reads, local writes queued for sync. */
  public GraphUseCases graph() {
    return graph;
  }

  public SyncControl sync() {
    return sync;
  }

  /**
   * Migrates the cloud schema, so that sync commands can run.
   *
   * @throws io.hybridgraph.sync.port.in.SyncDisabledException when sync is off
   */
  public void prepareSync() {
    syncLifecycle.prepare();
  }

  /**
   * Starts background sync when sync is on: migrates the cloud schema and syncs. Never fails
   * because of the cloud: an unreachable cloud, or one that refuses the token or database id, shows
   * in the sync status ({@code FAILING}, {@code HELD}) while the graph works locally.
   */
  public void startSync() {
    syncLifecycle.start();
  }

  /**
   * Starts the HTTP API (refusing a non-loopback address without a token) and returns it.
   *
   * @throws IllegalStateException when the binding is unsafe or the port is taken
   */
  public synchronized ApiServer startServer() {
    if (server == null) {
      ApiServer created = injector.getInstance(ApiServer.class);
      created.start();
      server = created;
      watch = new StoreWatch(store);
    }
    return server;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Reverse start order: the server (no new requests), then sync, then the store.
    try {
      if (server != null) {
        server.stop();
      }
    } catch (RuntimeException e) {
      log.warn("Stopping the HTTP server failed: {}", e.toString());
    }
    if (watch != null) {
      watch.close();
    }
    try {
      syncLifecycle.close();
    } catch (RuntimeException e) {
      log.warn("Stopping sync failed: {}", e.toString());
    }
    store.close();
  }
}
