package io.hybridgraph.sync;

import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.domain.port.out.SyncStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Sync control of a device whose sync is on. Owns the initial-sync thread; closes it on stop. Its
 * status shows the last push, pull and error of this process, or else those the sync state store
 * kept from another (the running server, when this is the {@code sync status} command).
 */
public final class ActiveSync implements SyncControl, AutoCloseable {

  private final SyncEngine engine;
  private final SyncService service;
  private final InitialSync initialSync;
  private final DriftDetector drift;
  private final ChangeOutbox outbox;
  private final SyncStateStore state;
  private final SyncConfig config;
  private final SyncEvents events;
  private final Clock clock;
  private final ExecutorService initialSyncThread =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "graph-initial-sync");
            thread.setDaemon(true);
            return thread;
          });
  private CompletableFuture<InitialSync.Result> running;

  public ActiveSync(
      SyncEngine engine,
      SyncService service,
      InitialSync initialSync,
      DriftDetector drift,
      ChangeOutbox outbox,
      SyncStateStore state,
      SyncConfig config,
      SyncEvents events,
      Clock clock) {
    this.engine = engine;
    this.service = service;
    this.initialSync = initialSync;
    this.drift = drift;
    this.outbox = outbox;
    this.state = state;
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
    Instant held = engine.heldUntil();
    Instant pushHeld = engine.pushHeldUntil();
    return new SyncStatus(
        true,
        service.state().name(),
        stats.pending(),
        stats.parked(),
        outbox.parked(20),
        oldest,
        nextAttempt,
        engine.lastPush().or(() -> saved(SyncEngine.LAST_PUSH).map(Instant::parse)),
        engine.lastPull().or(() -> saved(SyncEngine.LAST_PULL).map(Instant::parse)),
        engine.cursor(),
        engine.cloudSizeBytes(),
        config.cloudSizeLimitBytes(),
        engine.lastError().or(() -> saved(SyncEngine.LAST_ERROR)),
        engine.lastErrorAt().or(() -> saved(SyncEngine.LAST_ERROR_AT).map(Instant::parse)),
        held.isAfter(now) ? Optional.of(held) : Optional.empty(),
        pushHeld.isAfter(now) ? Optional.of(pushHeld) : Optional.empty(),
        initialSync.uploadDone(),
        initialSync.progress());
  }

  private Optional<String> saved(String name) {
    return state.get(name).filter(value -> !value.isEmpty());
  }

  @Override
  public SyncEngine.PushReport forceGraphSync() {
    return engine.forcePush();
  }

  @Override
  public synchronized CompletableFuture<InitialSync.Result> startInitialSync() {
    if (running == null || running.isDone()) {
      running = CompletableFuture.supplyAsync(initialSync::run, initialSyncThread);
    }
    return running;
  }

  @Override
  public DriftDetector.Report checkDrift(boolean repair) {
    return drift.check(repair);
  }

  @Override
  public SyncEvents events() {
    return events;
  }

  /** Starts background sync. */
  public void start() {
    service.start();
  }

  @Override
  public void close() {
    service.stop();
    initialSyncThread.shutdownNow();
    try {
      initialSyncThread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
