package io.hybridgraph.domain.version;

import java.util.Objects;

/**
 * The version of one replicated row: the pair's causal length when it was written, then the
 * writer's clock. Causal length counts the lives of a pair: odd while it exists, even once it is
 * deleted; a delete moves to the next even number and storing again moves to the next odd one.
 * Versions order by causal length first, so a delete beats every modification made without seeing
 * it, and a store made after seeing the delete beats the delete.
 */
public record Version(long causalLength, Hlc clock) implements Comparable<Version> {

  public Version {
    Objects.requireNonNull(clock, "clock must not be null");
    if (causalLength < 1) {
      throw new IllegalArgumentException(
          "causal length of a written row must be at least 1, was " + causalLength);
    }
  }

  /** Whether this version belongs to a live (odd) generation of its pair. */
  public boolean isLiveGeneration() {
    return causalLength % 2 == 1;
  }

  @Override
  public int compareTo(Version other) {
    int byLength = Long.compare(causalLength, other.causalLength);
    return byLength != 0 ? byLength : clock.compareTo(other.clock);
  }

  @Override
  public String toString() {
    return causalLength + "@" + clock;
  }
}
