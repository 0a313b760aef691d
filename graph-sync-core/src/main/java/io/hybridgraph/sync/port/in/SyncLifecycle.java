package io.hybridgraph.sync.port.in;

/**
 * The life of sync on this device, driven by the application: prepare the cloud, start background
 * push and pull, stop. When sync is off there is nothing to start or stop.
 */
public interface SyncLifecycle extends AutoCloseable {

  /**
   * Makes the cloud ready for push and pull (migrates its schema), for commands that talk to the
   * cloud without starting background sync; idempotent.
   *
   * @throws SyncDisabledException when sync is off
   * @throws io.hybridgraph.domain.port.out.RemoteGraphException when the cloud fails
   */
  void prepare();

  /**
   * Starts background push and pull. Nothing the cloud does stops the start: a cloud that does not
   * answer, or refuses the token or database id, leaves the device working locally with the failure
   * in the status ({@code FAILING} or {@code HELD}), and sync begins once the cloud accepts it.
   *
   * @throws IllegalStateException when started before or stopped
   */
  void start();

  /** Stops everything sync runs and waits for it; idempotent. */
  @Override
  void close();
}
