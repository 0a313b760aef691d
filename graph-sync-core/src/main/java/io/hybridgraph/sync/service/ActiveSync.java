package io.hybridgraph.sync.service;

import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.sync.SyncConfig;
import io.hybridgraph.sync.port.in.DriftReport;
import io.hybridgraph.sync.port.in.InitialSyncResult;
import io.hybridgraph.sync.port.in.PushReport;
import io.hybridgraph.sync.port.in.SyncControl;
import io.hybridgraph.sync.port.in.SyncListener;
import io.hybridgraph.sync.port.in.SyncStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sync control of a device whose sync is on. Its status shows the last push, pull, error and
 * failure streak of this process, or else those the ledger kept from another (the running server,
 * when this is the {@code sync status} command).
 */
final class ActiveSync implements SyncControl {

  private static final int PARKED_SHOWN = 20;

  private final SyncService service;
  private final Pusher pusher;
  private final InitialSync initialSync;
  private final DriftDetector drift;
  private final ChangeOutbox outbox;
  private final SyncLedger ledger;
  private final RemoteHold hold;
  private final SyncHealth health;
  private final SyncConfig config;
  private final SyncEvents events;
  private final Clock clock;

  ActiveSync(
      SyncService service,
      Pusher pusher,
      InitialSync initialSync,
      DriftDetector drift,
      ChangeOutbox outbox,
      SyncLedger ledger,
      RemoteHold hold,
      SyncHealth health,
      SyncConfig config,
      SyncEvents events,
      Clock clock) {
    this.service = service;
    this.pusher = pusher;
    this.initialSync = initialSync;
    this.drift = drift;
    this.outbox = outbox;
    this.ledger = ledger;
    this.hold = hold;
    this.health = health;
    this.config = config;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public SyncStatus status() {
    ChangeOutbox.Stats stats = outbox.stats();
    Instant now = clock.instant();
    Optional<Duration> oldest =
        stats.oldestPendingMillis().isPresent()
            ? Optional.of(
                Duration.ofMillis(
                    Math.max(0, now.toEpochMilli() - stats.oldestPendingMillis().getAsLong())))
            : Optional.empty();
    Optional<Instant> nextAttempt =
        stats.nextAttemptMillis().isPresent()
                && stats.nextAttemptMillis().getAsLong() > now.toEpochMilli()
            ? Optional.of(Instant.ofEpochMilli(stats.nextAttemptMillis().getAsLong()))
            : Optional.empty();
    Instant held = hold.heldUntil();
    Instant pushHeld = hold.pushHeldUntil();
    Optional<FailureStreak> streak = health.streak();
    return new SyncStatus(
        true,
        state(streak),
        stats.pending(),
        stats.parked(),
        outbox.parked(PARKED_SHOWN),
        oldest,
        nextAttempt,
        ledger.lastPush(),
        ledger.lastPull(),
        ledger.cursor(),
        ledger.cloudSizeBytes(),
        config.cloudSizeLimitBytes(),
        ledger.lastError(),
        ledger.lastErrorAt(),
        streak.map(FailureStreak::category),
        streak.map(FailureStreak::count).orElse(0),
        streak.map(FailureStreak::since),
        health.heldReason(),
        held.isAfter(now) ? Optional.of(held) : Optional.empty(),
        pushHeld.isAfter(now) ? Optional.of(pushHeld) : Optional.empty(),
        initialSync.uploadDone(),
        initialSync.progress());
  }

  /**
   * The service's lifecycle state, except that a service that runs (or, in a command, never
   * started) while rounds fail is {@code FAILING}, or {@code HELD} while access is refused.
   */
  private String state(Optional<FailureStreak> streak) {
    SyncService.State lifecycle = service.state();
    boolean active = lifecycle == SyncService.State.RUNNING || lifecycle == SyncService.State.NEW;
    return active && streak.isPresent() ? streak.get().state() : lifecycle.name();
  }

  @Override
  public PushReport forceGraphSync() {
    return pusher.forcePush();
  }

  @Override
  public CompletableFuture<InitialSyncResult> startInitialSync() {
    return service.startInitialSync();
  }

  @Override
  public DriftReport checkDrift(boolean repair) {
    return drift.check(repair);
  }

  @Override
  public AutoCloseable subscribe(SyncListener listener) {
    return events.subscribe(listener);
  }
}
