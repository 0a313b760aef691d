package io.hybridgraph.domain.service;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.in.ReviewHeldDeletionsUseCase;
import io.hybridgraph.domain.port.in.ReviewLocalRowsUseCase;
import io.hybridgraph.domain.port.out.HeldDeletions;
import io.hybridgraph.domain.port.out.LocalChangeListener;
import io.hybridgraph.domain.port.out.SetAsideRows;
import io.hybridgraph.domain.port.out.ViewHolds;
import io.hybridgraph.domain.replica.HoldReason;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a person reviews on this device: deletions held by the mass-deletion guard, rows set aside
 * because they could not be read, rows the view holds back. Releasing held deletions queues them
 * for sync, so the change listener is told.
 */
public final class LocalReviewService
    implements ReviewHeldDeletionsUseCase, ReviewLocalRowsUseCase {

  private final HeldDeletions deletions;
  private final SetAsideRows setAside;
  private final ViewHolds holds;
  private final LocalChangeListener changes;

  public LocalReviewService(
      HeldDeletions deletions,
      SetAsideRows setAside,
      ViewHolds holds,
      LocalChangeListener changes) {
    this.deletions = Objects.requireNonNull(deletions, "deletions");
    this.setAside = Objects.requireNonNull(setAside, "setAside");
    this.holds = Objects.requireNonNull(holds, "holds");
    this.changes = Objects.requireNonNull(changes, "changes");
  }

  @Override
  public List<HeldDeletions.Batch> heldDeletions() {
    return deletions.batches();
  }

  @Override
  public List<RowKey> heldRows(long batch, int limit) {
    return deletions.rows(batch, limit);
  }

  @Override
  public int releaseDeletions(long batch) {
    int released = deletions.release(batch);
    if (released > 0) {
      changes.changeCommitted();
    }
    return released;
  }

  @Override
  public int discardDeletions(long batch) {
    return deletions.discard(batch);
  }

  @Override
  public long setAsideCount() {
    return setAside.count();
  }

  @Override
  public List<SetAsideRows.Entry> setAsideRows(int limit) {
    return setAside.list(limit);
  }

  @Override
  public boolean removeSetAside(long id) {
    return setAside.remove(id);
  }

  @Override
  public Map<HoldReason, Long> heldBackCounts() {
    return holds.counts();
  }

  @Override
  public List<ViewHolds.Held> heldBackRows(int limit) {
    return holds.list(limit);
  }
}
