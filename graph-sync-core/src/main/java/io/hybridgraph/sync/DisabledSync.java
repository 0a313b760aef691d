package io.hybridgraph.sync;

import io.hybridgraph.domain.port.out.ChangeOutbox;
import java.util.concurrent.CompletableFuture;

/**
 * Sync control of a device without cloud credentials: everything works locally and the outbox keeps
 * every change, ready for when sync is turned on. Sync operations fail with a message that says how
 * to turn it on.
 */
public final class DisabledSync implements SyncControl {

  static final String HOW_TO_ENABLE =
      "graph sync is off: set CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID and"
          + " CLOUDFLARE_D1_DATABASE_ID (and HYBRID_GRAPH_D1_ENDPOINT for a local D1)";

  private final ChangeOutbox outbox;
  private final SyncEvents events = new SyncEvents();

  public DisabledSync(ChangeOutbox outbox) {
    this.outbox = outbox;
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
  public SyncEngine.PushReport forceGraphSync() {
    throw new IllegalStateException(HOW_TO_ENABLE);
  }

  @Override
  public CompletableFuture<InitialSync.Result> startInitialSync() {
    return CompletableFuture.failedFuture(new IllegalStateException(HOW_TO_ENABLE));
  }

  @Override
  public DriftDetector.Report checkDrift(boolean repair) {
    throw new IllegalStateException(HOW_TO_ENABLE);
  }

  @Override
  public SyncEvents events() {
    return events;
  }
}
