package io.hybridgraph.domain.port.out;

import io.hybridgraph.domain.model.RowKey;
import java.util.List;

/**
 * Deletions the mass-deletion guard held back on this device instead of replicating them (see
 * {@link io.hybridgraph.domain.replica.DeletionGuard}): listed with their counts and time, then
 * released or discarded by a person. Held deletions survive restarts; while held, the rows stay
 * live in the replicated state, in the cloud and on every other device, and this device's view does
 * not show them.
 */
public interface HeldDeletions {

  /**
   * The deletions one adoption of another program's changes made at once.
   *
   * @param id the batch, to release or discard it by
   * @param heldAtMillis when the guard held it (epoch ms)
   * @param associations associations the deletions removed, as the guard counted them
   * @param graphAssociations associations the graph had before them
   * @param rows rows still held in the batch ({@code memory_graph} rows; a symmetric relationship
   *     is two)
   */
  record Batch(long id, long heldAtMillis, long associations, long graphAssociations, long rows) {}

  /** Every batch with rows still held, oldest first. */
  List<Batch> batches();

  /** Up to {@code limit} rows held in {@code batch}, in key order (none for an unknown batch). */
  List<RowKey> rows(long batch, int limit);

  /**
   * Carries out a batch's deletions as this device's own: they are replicated like a user's
   * deletions and queued for sync. Returns the rows released (0 for an unknown batch).
   */
  int release(long batch);

  /**
   * Drops a batch's deletions: its rows return into this device's view from the replicated state,
   * or stay held for another reason that applies to them. Returns the rows the batch held (0 for an
   * unknown batch).
   */
  int discard(long batch);
}
