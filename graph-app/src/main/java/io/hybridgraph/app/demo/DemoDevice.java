package io.hybridgraph.app.demo;

import io.hybridgraph.app.Application;
import io.hybridgraph.app.GraphUseCases;
import io.hybridgraph.app.config.AppConfig;
import io.hybridgraph.app.config.HttpSettings;
import io.hybridgraph.app.config.StoreSettings;
import io.hybridgraph.app.config.SyncSettings;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.sync.port.in.SyncStatus;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One device of the demo: a whole application built the way {@code serve} builds it (configuration
 * from an environment map, {@link Application#open}, sync started) over its own SQLite file.
 *
 * <p>"Offline" is the same application opened without starting sync: writes are stored and queued
 * in the outbox, nothing is pushed or pulled until {@link #goOnline()}. Going offline closes the
 * running application and opens a new one on the same file. Not thread-safe.
 */
final class DemoDevice implements AutoCloseable {

  /** Pull often so that the demo is quick; pushes happen on every write anyway. */
  static final String SYNC_INTERVAL_MS = "200";

  private final String name;
  private final Path dataDir;
  private final boolean serves;
  private final Map<String, String> env;
  private Application app;
  private OptionalInt port = OptionalInt.empty();
  private boolean online;

  private DemoDevice(String name, Path dataDir, boolean serves, Map<String, String> env) {
    this.name = name;
    this.dataDir = dataDir;
    this.serves = serves;
    this.env = Map.copyOf(env);
  }

  /**
   * Opens the device with sync running.
   *
   * @param serves whether it serves the HTTP API (and the dashboard) on a free loopback port
   */
  static DemoDevice start(
      String name, String deviceId, Path dataDir, boolean serves, Map<String, String> cloud) {
    Map<String, String> env = new HashMap<>(cloud);
    env.put(StoreSettings.DATA_DIR, dataDir.toString());
    env.put(StoreSettings.DEVICE_ID, deviceId);
    env.put(StoreSettings.DURABILITY, "normal");
    env.put(HttpSettings.HOST, "127.0.0.1");
    env.put(HttpSettings.PORT, "0");
    env.put(HttpSettings.STATUS_EVENT_INTERVAL_MS, "1000");
    env.put(SyncSettings.PUSH_INTERVAL_MS, SYNC_INTERVAL_MS);
    env.put(SyncSettings.PULL_INTERVAL_MS, SYNC_INTERVAL_MS);
    env.put(SyncSettings.INITIAL_BACKOFF_MS, "100");
    env.put(SyncSettings.MAX_BACKOFF_MS, "2000");
    DemoDevice device = new DemoDevice(name, dataDir, serves, env);
    device.open(true);
    return device;
  }

  private void open(boolean withSync) {
    Application opened = Application.open(AppConfig.fromEnvironment(env));
    try {
      if (withSync) {
        opened.startSync();
      }
      if (serves && withSync) {
        port = OptionalInt.of(opened.startServer().port());
      }
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    app = opened;
    online = withSync;
  }

  String name() {
    return name;
  }

  /** The SQLite file. */
  Path database() {
    return app.config().store().databaseFile();
  }

  Path dataDir() {
    return dataDir;
  }

  /** The HTTP port while the device serves and is online. */
  OptionalInt port() {
    return online ? port : OptionalInt.empty();
  }

  boolean online() {
    return online;
  }

  /** Stops sync (and the HTTP API): the device keeps working on its file alone. */
  void goOffline() {
    if (online) {
      app.close();
      port = OptionalInt.empty();
      open(false);
    }
  }

  /** Starts sync again: pushes what was queued while offline and pulls what it missed. */
  void goOnline() {
    if (!online) {
      app.close();
      open(true);
    }
  }

  GraphUseCases graph() {
    return app.graph();
  }

  Association store(Association association) {
    return app.graph().store().store(association);
  }

  boolean delete(MemoryHash a, MemoryHash b) {
    return app.graph().delete().delete(a, b);
  }

  Optional<Association> get(RowKey key) {
    return app.graph().associations().get(key);
  }

  SyncStatus status() {
    return app.sync().status();
  }

  @Override
  public String toString() {
    return "device " + name;
  }

  @Override
  public void close() {
    if (app != null) {
      app.close();
    }
  }
}
