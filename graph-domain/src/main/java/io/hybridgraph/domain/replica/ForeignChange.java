package io.hybridgraph.domain.replica;

import io.hybridgraph.domain.model.Association;
import java.util.Optional;

/**
 * The intent of a row's disappearance from {@code memory_graph} when another program removed it,
 * and the rule behind it: the Python memory service's housekeeping.
 *
 * <p>That service, sharing the file, removes rows no user asked to remove: its orphan pruning
 * deletes every row one of whose memories has no live row in its {@code memories} table, which
 * includes memories that simply have not arrived on this device yet; its startup migration deletes,
 * of two opposite rows of one directed type, the one whose source sorts after its target. A
 * deletion such housekeeping explains is {@link Intent#HOUSEKEEPING}: never replicated, the row
 * stays live everywhere and this device's view holds it back. Every other deletion is {@link
 * Intent#USER}: replicated, as are stores, re-stores and conflict pairs. In particular deleting a
 * memory's edges when the memory is soft-deleted is user intent, the memory keeping its row with
 * {@code deleted_at} set (that service deletes the edges and soft-deletes the memory in one
 * transaction, so the memory's row is there by the time the deletion is seen). A file without a
 * {@code memories} table is a plain graph file: no housekeeping runs there.
 *
 * <p>The same rule says which rows merged from elsewhere the view must hold back: those that
 * housekeeping would remove again ({@link #housekeeping}).
 */
public final class ForeignChange {

  /** What a deletion made by another program meant. */
  public enum Intent {
    /** A person's decision: replicated to every device. */
    USER,
    /** The Python service's housekeeping of its local file: never replicated. */
    HOUSEKEEPING
  }

  private ForeignChange() {}

  /**
   * The intent of {@code deleted}'s disappearance from the view.
   *
   * @param deleted the row as the view showed it before the other program removed it
   * @param mirrorInView the row the view holds now at {@code deleted}'s mirror key, if any
   * @param memories this file's {@code memories} table
   */
  public static Intent classifyDeletion(
      Association deleted, Optional<Association> mirrorInView, MemoryCatalog memories) {
    return housekeeping(deleted, mirrorInView, memories).isPresent()
        ? Intent.HOUSEKEEPING
        : Intent.USER;
  }

  /**
   * Why the Python service's housekeeping would remove {@code row} from this file, if it would: a
   * memory without a row in {@code memories} ({@link HoldReason#MEMORY_MISSING}, naming it), else
   * the reverse half of a two-way pair of one directed type ({@link HoldReason#REVERSE_HALF}).
   * Empty on a plain graph file.
   *
   * @param mirrorInView the row the view holds at {@code row}'s mirror key, if any
   */
  public static Optional<Hold> housekeeping(
      Association row, Optional<Association> mirrorInView, MemoryCatalog memories) {
    if (!memories.present()) {
      return Optional.empty();
    }
    Optional<Hold> missing = memories.firstMissing(row).map(Hold::awaiting);
    if (missing.isPresent()) {
      return missing;
    }
    return isReverseHalf(row, mirrorInView)
        ? Optional.of(Hold.of(HoldReason.REVERSE_HALF))
        : Optional.empty();
  }

  /**
   * Whether {@code row} is what the startup migration deletes: a directed row whose source sorts
   * after its target, while the opposite row of the same type stands.
   */
  static boolean isReverseHalf(Association row, Optional<Association> mirrorInView) {
    return !row.isSymmetric()
        && row.source().compareTo(row.target()) > 0
        && mirrorInView.isPresent()
        && mirrorInView.get().key().equals(row.key().mirror())
        && mirrorInView.get().type() == row.type();
  }
}
