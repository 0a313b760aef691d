package io.hybridgraph.sync.port.in;

import io.hybridgraph.domain.port.out.ChangeOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What sync is doing, for people: its state, queue depth and age, parked changes with their
 * reasons, last successful push and pull, the feed cursor, the cloud's size against its limit, the
 * last error with its category, the current streak of failed rounds ({@code consecutiveFailures}
 * since {@code failingSince}, zero and empty after a success), why sync is held ({@code
 * heldReason}, while the cloud refuses this device's access), how long the remote ({@code
 * heldUntil}: when sync next tries) and pushes alone ({@code pushHeldUntil}, later while the cloud
 * is full) are held back, and initial-sync progress.
 *
 * <p>{@code state} is the lifecycle of the sync service ({@code NEW}, {@value #RUNNING}, {@code
 * STOPPING}, {@code TERMINATED}), {@value #OFF} when sync is off, and instead of running: {@value
 * #FAILING} while rounds fail, {@value #HELD} while the cloud refuses access.
 */
public record SyncStatus(
    boolean enabled,
    String state,
    long pending,
    long parked,
    List<ChangeOutbox.Parked> parkedChanges,
    Optional<Duration> oldestPendingAge,
    Optional<Instant> nextAttempt,
    Optional<Instant> lastPush,
    Optional<Instant> lastPull,
    long cursor,
    OptionalLong cloudSizeBytes,
    long cloudSizeLimitBytes,
    Optional<String> lastError,
    Optional<Instant> lastErrorAt,
    Optional<FailureCategory> lastErrorCategory,
    int consecutiveFailures,
    Optional<Instant> failingSince,
    Optional<String> heldReason,
    Optional<Instant> heldUntil,
    Optional<Instant> pushHeldUntil,
    boolean initialUploadDone,
    Optional<SyncEvent.Progress> initialSyncProgress) {

  /** Sync runs, and its last round (if any) succeeded. */
  public static final String RUNNING = "RUNNING";

  /** Sync runs, but its last rounds failed; it retries with backoff. */
  public static final String FAILING = "FAILING";

  /** The cloud refused this device's access; sync checks again at a slow interval. */
  public static final String HELD = "HELD";

  /** Sync is off: everything stays local. */
  public static final String OFF = "OFF";

  public SyncStatus {
    parkedChanges = List.copyOf(parkedChanges);
    if (consecutiveFailures < 0) {
      throw new IllegalArgumentException(
          "consecutive failures must not be negative, was " + consecutiveFailures);
    }
  }

  /** The status of a device whose sync is off: everything stays local. */
  public static SyncStatus disabled(long pending) {
    return new SyncStatus(
        false,
        OFF,
        pending,
        0,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0,
        OptionalLong.empty(),
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty());
  }

  /** The cloud's size as a fraction of its limit, when known. */
  public Optional<Double> cloudUsage() {
    if (cloudSizeBytes.isEmpty() || cloudSizeLimitBytes <= 0) {
      return Optional.empty();
    }
    return Optional.of((double) cloudSizeBytes.getAsLong() / cloudSizeLimitBytes);
  }

  /**
   * Why sync is not working well, for a health check: the held reason while {@value #HELD}, the
   * failure streak and last error while {@value #FAILING}; empty otherwise.
   */
  public Optional<String> degradedReason() {
    if (HELD.equals(state)) {
      return Optional.of("sync is held: " + heldReason.or(() -> lastError).orElse("access denied"));
    }
    if (FAILING.equals(state)) {
      return Optional.of(
          "sync is failing: "
              + consecutiveFailures
              + (consecutiveFailures == 1 ? " round" : " rounds")
              + " in a row failed"
              + failingSince.map(since -> " since " + since).orElse("")
              + lastError.map(error -> "; last: " + error).orElse(""));
    }
    return Optional.empty();
  }
}
