package io.hybridgraph.domain.replica;

/**
 * The mass-deletion guard: when one adoption of another program's changes deletes more associations
 * than {@code maxDeletions} AND more than {@code maxFraction} of the graph, the deletions are held
 * on this device instead of being replicated, until a person releases or discards them (the
 * precedent: rclone bisync's {@code --max-delete}, Dropbox's mass-delete warning). It catches what
 * the classification of foreign changes cannot know, such as a program wiping the table.
 *
 * @param maxDeletions deletions at once that never trip the guard, whatever the graph's size
 * @param maxFraction share of the graph's associations that deletions at once may reach without
 *     tripping it, within [0, 1]
 */
public record DeletionGuard(int maxDeletions, double maxFraction) {

  /** 50 associations and 10 % of the graph. */
  public static final DeletionGuard DEFAULT = new DeletionGuard(50, 0.10);

  public DeletionGuard {
    if (maxDeletions < 0) {
      throw new IllegalArgumentException(
          "the mass-deletion count must not be negative, was " + maxDeletions);
    }
    if (!(maxFraction >= 0.0 && maxFraction <= 1.0)) {
      throw new IllegalArgumentException(
          "the mass-deletion fraction must be within [0, 1], was " + maxFraction);
    }
  }

  /**
   * Whether deleting {@code deleted} associations at once from a graph that had {@code graphBefore}
   * trips the guard: more than the count and more than the fraction.
   */
  public boolean trips(long deleted, long graphBefore) {
    return deleted > maxDeletions && deleted > maxFraction * graphBefore;
  }
}
