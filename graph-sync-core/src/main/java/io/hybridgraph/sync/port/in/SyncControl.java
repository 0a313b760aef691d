package io.hybridgraph.sync.port.in;

import java.util.concurrent.CompletableFuture;

/**
 * What people (the command line, the HTTP API) can ask of sync on this device. When sync is off,
 * {@link #status()} and {@link #subscribe} still work and every other operation fails with a {@link
 * SyncDisabledException} that says how to turn sync on.
 */
public interface SyncControl {

  boolean enabled();

  SyncStatus status();

  /**
   * Pushes everything pending now, parked changes included; says what happened.
   *
   * @throws SyncDisabledException when sync is off
   */
  PushReport forceGraphSync();

  /**
   * Starts the initial sync in the background (or joins the one running) and returns its result
   * when done. Progress goes to the listeners.
   *
   * @throws SyncDisabledException when sync is off
   */
  CompletableFuture<InitialSyncResult> startInitialSync();

  /**
   * Compares this device with the cloud; with {@code repair}, makes them equal.
   *
   * @throws SyncDisabledException when sync is off
   */
  DriftReport checkDrift(boolean repair);

  /** Registers a listener of sync events; closing the returned handle removes it. */
  AutoCloseable subscribe(SyncListener listener);
}
