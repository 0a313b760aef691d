package io.hybridgraph.sync.port.in;

import io.hybridgraph.domain.port.out.ChangeOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What sync is doing, for people: queue depth and age, parked changes with their reasons, last
 * successful push and pull, the feed cursor, the cloud's size against its limit, the last error,
 * how long the remote ({@code heldUntil}) and pushes alone ({@code pushHeldUntil}, later while the
 * cloud is full) are held back, and initial-sync progress.
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
    Optional<Instant> heldUntil,
    Optional<Instant> pushHeldUntil,
    boolean initialUploadDone,
    Optional<SyncEvent.Progress> initialSyncProgress) {

  public SyncStatus {
    parkedChanges = List.copyOf(parkedChanges);
  }

  /** The status of a device whose sync is off: everything stays local. */
  public static SyncStatus disabled(long pending) {
    return new SyncStatus(
        false,
        "OFF",
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
}
