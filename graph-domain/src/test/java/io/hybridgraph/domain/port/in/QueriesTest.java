package io.hybridgraph.domain.port.in;

import static io.hybridgraph.domain.model.TestAssociations.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hybridgraph.domain.graph.TraversalFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The query records hold the bounds: out of them, no query exists to be run. */
class QueriesTest {

  private static final TraversalFilter ANY = TraversalFilter.any();

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 11, Integer.MAX_VALUE})
  void connected_maxHopsOutOfRange_isRejectedNamingTheParameter(int maxHops) {
    assertThatThrownBy(() -> new ConnectedQuery(hash("a"), maxHops, ANY))
        .isInstanceOf(QueryParameterException.class)
        .hasMessage("max_hops must be within [1, 10], was " + maxHops)
        .extracting(e -> ((QueryParameterException) e).parameter())
        .isEqualTo("max_hops");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 11})
  void path_maxHopsOutOfRange_isRejectedNamingTheParameter(int maxHops) {
    assertThatThrownBy(() -> new PathQuery(hash("a"), hash("b"), maxHops, ANY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max_hops must be within [1, 10], was " + maxHops)
        .extracting(e -> ((QueryParameterException) e).parameter())
        .isEqualTo("max_hops");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 11})
  void subgraph_radiusOutOfRange_isRejectedNamingTheParameter(int radius) {
    assertThatThrownBy(() -> new SubgraphQuery(hash("a"), radius, 100, ANY))
        .hasMessage("radius must be within [1, 10], was " + radius)
        .extracting(e -> ((QueryParameterException) e).parameter())
        .isEqualTo("radius");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 5_001})
  void subgraph_maxNodesOutOfRange_isRejectedNamingTheParameter(int maxNodes) {
    assertThatThrownBy(() -> new SubgraphQuery(hash("a"), 2, maxNodes, ANY))
        .hasMessage("max_nodes must be within [1, 5000], was " + maxNodes)
        .extracting(e -> ((QueryParameterException) e).parameter())
        .isEqualTo("max_nodes");
  }

  @Test
  void bounds_areAccepted() {
    assertThat(new ConnectedQuery(hash("a"), 1, ANY).maxHops()).isEqualTo(1);
    assertThat(new ConnectedQuery(hash("a"), QueryLimits.MAX_HOPS, ANY).maxHops()).isEqualTo(10);
    assertThat(new PathQuery(hash("a"), hash("b"), 10, ANY).maxHops()).isEqualTo(10);
    assertThat(new SubgraphQuery(hash("a"), 10, 1, ANY).radius()).isEqualTo(10);
    assertThat(new SubgraphQuery(hash("a"), 1, QueryLimits.MAX_SUBGRAPH_NODES, ANY).maxNodes())
        .isEqualTo(5_000);
  }
}
