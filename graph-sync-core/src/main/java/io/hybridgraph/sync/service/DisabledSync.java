package io.hybridgraph.sync.service;

import io.hybridgraph.domain.port.out.ChangeOutbox;
import io.hybridgraph.sync.port.in.DriftReport;
import io.hybridgraph.sync.port.in.InitialSyncResult;
import io.hybridgraph.sync.port.in.PushReport;
import io.hybridgraph.sync.port.in.SyncControl;
import io.hybridgraph.sync.port.in.SyncDisabledException;
import io.hybridgraph.sync.port.in.SyncLifecycle;
import io.hybridgraph.sync.port.in.SyncListener;
import io.hybridgraph.sync.port.in.SyncStatus;
import java.util.concurrent.CompletableFuture;

/**
 * Sync of a device whose sync is off: everything works locally and the outbox keeps every change,
 * ready for when sync is turned on. Nothing runs, so there is nothing to start or stop; sync
 * operations fail with a {@link SyncDisabledException} whose message (given by the application,
 * which knows its settings) says how to turn sync on.
 */
final class DisabledSync implements SyncControl, SyncLifecycle {

  private final ChangeOutbox outbox;
  private final String howToEnable;
  private final SyncEvents events = new SyncEvents();

  DisabledSync(ChangeOutbox outbox, String howToEnable) {
    this.outbox = outbox;
    this.howToEnable = howToEnable;
  }

  @Override
  public boolean enabled() {
    return false;
  }

  @Override
  public SyncStatus status() {
    return SyncStatus.disabled(outbox.depth());
  }

  @Override
  public PushReport forceGraphSync() {
    throw new SyncDisabledException(howToEnable);
  }

  @Override
  public CompletableFuture<InitialSyncResult> startInitialSync() {
    throw new SyncDisabledException(howToEnable);
  }

  @Override
  public DriftReport checkDrift(boolean repair) {
    throw new SyncDisabledException(howToEnable);
  }

  @Override
  public AutoCloseable subscribe(SyncListener listener) {
    return events.subscribe(listener);
  }

  /** There is no cloud to prepare: fails as every sync operation does. */
  @Override
  public void prepare() {
    throw new SyncDisabledException(howToEnable);
  }

  /** Nothing to start: the graph works locally. */
  @Override
  public void start() {}

  @Override
  public void close() {}
}
