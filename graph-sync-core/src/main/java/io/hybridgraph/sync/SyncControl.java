package io.hybridgraph.sync;

import java.util.concurrent.CompletableFuture;

/** What people (CLI, HTTP API) can ask of sync on this device. */
public interface SyncControl {

  boolean enabled();

  SyncStatus status();

  /** Pushes everything pending now, parked changes included; says what happened. */
  SyncEngine.PushReport forceGraphSync();

  /**
   * Starts the initial sync in the background (or joins the one running) and returns its result
   * when done. Progress goes to the event listeners.
   */
  CompletableFuture<InitialSync.Result> startInitialSync();

  /** Compares this device with the cloud; with {@code repair}, makes them equal. */
  DriftDetector.Report checkDrift(boolean repair);

  SyncEvents events();
}
