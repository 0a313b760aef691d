package io.hybridgraph.domain.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the categories the cases of a property fall into, so that a generator that stops reaching
 * an interesting case fails its test instead of letting the property pass without testing it.
 *
 * <p>Record one category per case inside the property, then require minimum shares after the run.
 * Not thread-safe: one property run at a time.
 */
public final class Coverage {

  private final String name;
  private final Map<Object, Integer> counts = new LinkedHashMap<>();
  private int cases;

  /**
   * @param name what the categories describe, for the failure message
   */
  public Coverage(String name) {
    this.name = name;
  }

  /** Counts one case in {@code category}. */
  public void record(Object category) {
    counts.merge(category, 1, Integer::sum);
    cases++;
  }

  /** Fails unless at least {@code percent} % of the cases recorded fell into {@code category}. */
  public void requireAtLeast(double percent, Object category) {
    int hits = counts.getOrDefault(category, 0);
    if (cases == 0 || hits * 100.0 < percent * cases) {
      throw new AssertionError(
          String.format(
              "%s: %s in %d of %d cases, expected at least %.1f %% (%s)",
              name, category, hits, cases, percent, counts));
    }
  }

  @Override
  public String toString() {
    return name + ": " + counts + " of " + cases + " cases";
  }
}
