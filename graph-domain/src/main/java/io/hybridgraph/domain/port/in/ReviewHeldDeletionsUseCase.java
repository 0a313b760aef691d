package io.hybridgraph.domain.port.in;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.HeldDeletions;
import java.util.List;

/**
 * Lets a person review the deletions the mass-deletion guard held on this device: see them, release
 * them (they are replicated as the person's own) or discard them (the rows come back).
 */
public interface ReviewHeldDeletionsUseCase {

  /** Every batch with rows still held, oldest first. */
  List<HeldDeletions.Batch> heldDeletions();

  /** Up to {@code limit} rows held in {@code batch} (none for an unknown batch). */
  List<RowKey> heldRows(long batch, int limit);

  /** Replicates a batch's deletions; returns the rows released (0 for an unknown batch). */
  int releaseDeletions(long batch);

  /**
   * Puts a batch's rows back into this device's view; returns the rows (0 for an unknown batch).
   */
  int discardDeletions(long batch);
}
