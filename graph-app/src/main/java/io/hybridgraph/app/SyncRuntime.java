package io.hybridgraph.app;

/**
 * The lifecycle of sync on this device: prepare the cloud (migrate its schema) and start the
 * background worker, or nothing at all when sync is off. Bound by {@link CloudSyncModule} or {@link
 * LocalSyncModule}.
 */
public interface SyncRuntime extends AutoCloseable {

  /** Makes the cloud ready for push and pull (schema migration); idempotent. */
  void prepare();

  /** Prepares and starts background push and pull; idempotent. */
  void start();

  /** Stops background sync; idempotent. */
  @Override
  void close();
}
