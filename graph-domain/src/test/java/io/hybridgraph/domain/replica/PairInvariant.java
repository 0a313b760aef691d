package io.hybridgraph.domain.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.PairKey;
import java.util.List;

/**
 * The pair invariant every replica must keep, whatever rows it merged: between two memories it
 * shows either exactly the two mirror rows of ONE symmetric relationship with identical content, or
 * at most one directed row per direction and no symmetric row; never a self-loop.
 */
public final class PairInvariant {

  private PairInvariant() {}

  public static void assertHolds(PairKey pair, List<Association> visible) {
    String context = "visible rows of " + pair + ": " + visible;
    assertThat(visible).as(context).hasSizeLessThanOrEqualTo(2);
    for (Association association : visible) {
      assertThat(association.source()).as(context).isNotEqualTo(association.target());
      assertThat(association.pair()).as(context).isEqualTo(pair);
    }
    assertThat(visible.stream().map(Association::key).distinct().count())
        .as(context + " shows at most one row per direction")
        .isEqualTo(visible.size());
    if (visible.stream().anyMatch(Association::isSymmetric)) {
      assertThat(visible)
          .as(context + " shows a symmetric relationship as exactly its two mirror rows")
          .hasSize(2);
      assertThat(visible.get(1))
          .as(context + " shows mirror rows with identical content")
          .isEqualTo(visible.get(0).mirrored());
    }
  }

  /** Checks every pair a replica knows. */
  public static void assertHolds(ReplicatedGraph graph) {
    for (PairState state : graph.pairs()) {
      assertHolds(state.pair(), state.visibleRows());
    }
  }
}
