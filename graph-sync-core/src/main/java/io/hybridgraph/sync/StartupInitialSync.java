package io.hybridgraph.sync;

/**
 * The sync worker's first step: the initial sync when {@code HYBRID_GRAPH_SYNC_ON_STARTUP} asks for
 * it and it never completed (otherwise it waits for a manual trigger).
 */
final class StartupInitialSync implements Runnable {

  private final SyncConfig config;
  private final InitialSync initialSync;

  StartupInitialSync(SyncConfig config, InitialSync initialSync) {
    this.config = config;
    this.initialSync = initialSync;
  }

  @Override
  public void run() {
    if (config.syncOnStartup() && !initialSync.uploadDone()) {
      initialSync.run();
    }
  }
}
