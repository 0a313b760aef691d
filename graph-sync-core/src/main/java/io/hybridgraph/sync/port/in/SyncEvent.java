package io.hybridgraph.sync.port.in;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Something sync did, for listeners such as a server-sent event stream or a progress bar. */
public sealed interface SyncEvent {

  Instant at();

  /** Rows were acknowledged by the cloud; {@code queueDepth} rows still wait. */
  record Pushed(Instant at, int rows, long queueDepth) implements SyncEvent {}

  /** Rows were pulled from the change feed; {@code changed} of them changed this device. */
  record Pulled(Instant at, int rows, int changed, long cursor) implements SyncEvent {}

  /** Rows were set aside with a reason. */
  record Parked(Instant at, int rows, String reason) implements SyncEvent {}

  /**
   * A sync round failed (one event per failed round); it will be retried after {@code retryIn}
   * unless stopped.
   */
  record Failed(
      Instant at, String operation, FailureCategory category, String reason, Duration retryIn)
      implements SyncEvent {}

  /**
   * The {@link SyncStatus#state() state} of sync changed (to {@code FAILING}, {@code HELD} or back
   * to {@code RUNNING}); {@code reason} says why when it is not running well.
   */
  record StateChanged(Instant at, String state, Optional<String> reason) implements SyncEvent {}

  /** The two phases of an initial sync. */
  enum Phase {
    UPLOAD,
    DOWNLOAD
  }

  /** Progress of an initial sync phase. */
  record Progress(
      Instant at,
      Phase phase,
      long done,
      long total,
      double rowsPerSecond,
      Optional<Duration> remaining,
      boolean finished)
      implements SyncEvent {}
}
