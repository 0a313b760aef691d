package io.hybridgraph.domain.graph;

import static io.hybridgraph.domain.graph.GraphFixtures.edge;
import static io.hybridgraph.domain.graph.GraphFixtures.filter;
import static io.hybridgraph.domain.graph.GraphFixtures.index;
import static io.hybridgraph.domain.graph.GraphFixtures.m;
import static io.hybridgraph.domain.model.Direction.BOTH;
import static io.hybridgraph.domain.model.Direction.INCOMING;
import static io.hybridgraph.domain.model.Direction.OUTGOING;
import static io.hybridgraph.domain.model.RelationshipType.CAUSES;
import static io.hybridgraph.domain.model.RelationshipType.CONTRADICTS;
import static io.hybridgraph.domain.model.RelationshipType.FIXES;
import static io.hybridgraph.domain.model.RelationshipType.FOLLOWS;
import static io.hybridgraph.domain.model.RelationshipType.RELATED;
import static io.hybridgraph.domain.model.RelationshipType.SUPPORTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.MemoryHash;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GraphAlgorithmsTest {

  private static ConnectedMemory at(String memory, int distance) {
    return new ConnectedMemory(m(memory), distance);
  }

  private static GraphPath path(List<String> memories, Object... relationships) {
    return new GraphPath(
        memories.stream().map(MemoryHash::of).toList(),
        java.util.Arrays.stream(relationships)
            .map(io.hybridgraph.domain.model.RelationshipType.class::cast)
            .toList());
  }

  @Nested
  class Connected {

    @Test
    void denseGraph_reportsEachMemoryOnce_atItsShortestDistance() {
      // A complete graph on a..e, where path enumeration reported every node at every length.
      List<Association> edges = new ArrayList<>();
      String[] clique = {"a", "b", "c", "d", "e"};
      for (int i = 0; i < clique.length; i++) {
        for (int j = i + 1; j < clique.length; j++) {
          edges.add(edge(clique[i], RELATED, clique[j]));
        }
      }
      edges.add(edge("e", CAUSES, "f"));
      AdjacencyIndex graph = index(edges.toArray(Association[]::new));

      List<ConnectedMemory> found =
          GraphAlgorithms.connected(graph, m("a"), 5, TraversalFilter.any());

      assertThat(found)
          .containsExactlyInAnyOrder(at("b", 1), at("c", 1), at("d", 1), at("e", 1), at("f", 2));
      assertThat(found.get(found.size() - 1)).isEqualTo(at("f", 2));
    }

    @Test
    void direction_outgoingIncomingOrBoth() {
      AdjacencyIndex graph =
          index(edge("a", CAUSES, "b"), edge("b", CAUSES, "c"), edge("d", SUPPORTS, "a"));

      assertThat(GraphAlgorithms.connected(graph, m("a"), 3, filter(OUTGOING)))
          .containsExactly(at("b", 1), at("c", 2));
      assertThat(GraphAlgorithms.connected(graph, m("a"), 3, filter(INCOMING)))
          .containsExactly(at("d", 1));
      assertThat(GraphAlgorithms.connected(graph, m("a"), 3, filter(BOTH)))
          .containsExactlyInAnyOrder(at("b", 1), at("d", 1), at("c", 2));
      assertThat(GraphAlgorithms.connected(graph, m("c"), 3, filter(INCOMING)))
          .containsExactly(at("b", 1), at("a", 2), at("d", 3));
    }

    @Test
    void symmetricEdges_areFollowedFromBothEnds_inEveryDirection() {
      AdjacencyIndex graph = index(edge("a", CONTRADICTS, "b"));

      assertThat(GraphAlgorithms.connected(graph, m("a"), 1, filter(OUTGOING)))
          .containsExactly(at("b", 1));
      assertThat(GraphAlgorithms.connected(graph, m("a"), 1, filter(INCOMING)))
          .containsExactly(at("b", 1));
      assertThat(GraphAlgorithms.connected(graph, m("b"), 1, filter(OUTGOING)))
          .containsExactly(at("a", 1));
    }

    @Test
    void typeFilter_followsOnlyTheGivenTypes() {
      AdjacencyIndex graph =
          index(edge("a", CAUSES, "b"), edge("a", RELATED, "c"), edge("c", FIXES, "d"));

      assertThat(GraphAlgorithms.connected(graph, m("a"), 3, filter(BOTH, RELATED, FIXES)))
          .containsExactly(at("c", 1), at("d", 2));
      assertThat(GraphAlgorithms.connected(graph, m("a"), 3, filter(BOTH, CAUSES)))
          .containsExactly(at("b", 1));
    }

    @Test
    void maxHops_countsHopsNotNodes() {
      AdjacencyIndex graph =
          index(
              edge("a", RELATED, "b"),
              edge("b", RELATED, "c"),
              edge("c", RELATED, "d"),
              edge("d", RELATED, "e"));

      assertThat(GraphAlgorithms.connected(graph, m("a"), 1, TraversalFilter.any()))
          .containsExactly(at("b", 1));
      assertThat(GraphAlgorithms.connected(graph, m("a"), 2, TraversalFilter.any()))
          .containsExactly(at("b", 1), at("c", 2));
      assertThat(GraphAlgorithms.connected(graph, m("a"), 4, TraversalFilter.any()))
          .containsExactly(at("b", 1), at("c", 2), at("d", 3), at("e", 4));
    }

    @Test
    void unknownMemory_isConnectedToNothing() {
      AdjacencyIndex graph = index(edge("a", RELATED, "b"));

      assertThat(GraphAlgorithms.connected(graph, m("z"), 3, TraversalFilter.any())).isEmpty();
    }
  }

  @Nested
  class ShortestPath {

    @Test
    void typeFilter_findsThePathAlongThoseTypes() {
      AdjacencyIndex graph =
          index(edge("a", RELATED, "b"), edge("b", RELATED, "c"), edge("a", CAUSES, "c"));

      assertThat(GraphAlgorithms.shortestPath(graph, m("a"), m("c"), 5, filter(BOTH, RELATED)))
          .contains(path(List.of("a", "b", "c"), RELATED, RELATED));
      assertThat(GraphAlgorithms.shortestPath(graph, m("a"), m("c"), 5, TraversalFilter.any()))
          .contains(path(List.of("a", "c"), CAUSES));
    }

    @Test
    void directedEdge_isFollowedBackwardsOnlyForIncomingOrBoth() {
      AdjacencyIndex graph = index(edge("a", CAUSES, "b"));

      assertThat(GraphAlgorithms.shortestPath(graph, m("b"), m("a"), 3, filter(OUTGOING)))
          .isEmpty();
      assertThat(GraphAlgorithms.shortestPath(graph, m("b"), m("a"), 3, filter(INCOMING)))
          .contains(path(List.of("b", "a"), CAUSES));
      assertThat(GraphAlgorithms.shortestPath(graph, m("b"), m("a"), 3, filter(BOTH)))
          .contains(path(List.of("b", "a"), CAUSES));
      assertThat(GraphAlgorithms.shortestPath(graph, m("a"), m("b"), 3, filter(OUTGOING)))
          .contains(path(List.of("a", "b"), CAUSES));
      assertThat(GraphAlgorithms.shortestPath(graph, m("a"), m("b"), 3, filter(INCOMING)))
          .isEmpty();
    }

    @Test
    void reportsTheRelationshipOfEveryHop() {
      AdjacencyIndex graph =
          index(edge("a", RELATED, "b"), edge("b", CAUSES, "c"), edge("d", FOLLOWS, "c"));

      assertThat(GraphAlgorithms.shortestPath(graph, m("a"), m("d"), 5, TraversalFilter.any()))
          .hasValueSatisfying(
              found -> {
                assertThat(found)
                    .isEqualTo(path(List.of("a", "b", "c", "d"), RELATED, CAUSES, FOLLOWS));
                assertThat(found.hops()).isEqualTo(3);
              });
    }

    @Test
    void notReachableWithinMaxHops_isEmpty_reachableInExactlyMaxHops_isFound() {
      AdjacencyIndex graph =
          index(
              edge("a", RELATED, "b"),
              edge("b", RELATED, "c"),
              edge("c", RELATED, "d"),
              edge("x", RELATED, "y"));

      assertThat(GraphAlgorithms.shortestPath(graph, m("a"), m("d"), 2, TraversalFilter.any()))
          .isEmpty();
      assertThat(GraphAlgorithms.shortestPath(graph, m("a"), m("d"), 3, TraversalFilter.any()))
          .hasValueSatisfying(found -> assertThat(found.hops()).isEqualTo(3));
      assertThat(GraphAlgorithms.shortestPath(graph, m("a"), m("y"), 10, TraversalFilter.any()))
          .as("different components")
          .isEmpty();
      assertThat(GraphAlgorithms.shortestPath(graph, m("a"), m("zz"), 10, TraversalFilter.any()))
          .as("unknown memory")
          .isEmpty();
    }

    @Test
    void fromAMemoryToItself_isTheEmptyPath() {
      AdjacencyIndex graph = index(edge("a", RELATED, "b"));

      assertThat(GraphAlgorithms.shortestPath(graph, m("a"), m("a"), 1, TraversalFilter.any()))
          .contains(path(List.of("a")));
    }
  }

  @Nested
  class SubgraphExtraction {

    @Test
    void listsEachSymmetricPairAsOneEdge_andDirectedEdgesOnceWithTheirDirection() {
      AdjacencyIndex graph =
          index(
              edge("b", RELATED, "a"),
              edge("a", CAUSES, "c"),
              edge("d", SUPPORTS, "a"),
              edge("c", FIXES, "b"));

      Subgraph subgraph = GraphAlgorithms.subgraph(graph, m("a"), 1, 10, TraversalFilter.any());

      assertThat(subgraph.center()).isEqualTo(m("a"));
      assertThat(subgraph.nodes())
          .containsExactlyInAnyOrder(
              new Subgraph.Node(m("a"), 0),
              new Subgraph.Node(m("b"), 1),
              new Subgraph.Node(m("c"), 1),
              new Subgraph.Node(m("d"), 1));
      assertThat(subgraph.edges())
          .containsExactlyInAnyOrder(
              new Subgraph.Edge(m("a"), m("b"), RELATED, 0.5, false),
              new Subgraph.Edge(m("a"), m("c"), CAUSES, 0.5, true),
              new Subgraph.Edge(m("d"), m("a"), SUPPORTS, 0.5, true),
              new Subgraph.Edge(m("c"), m("b"), FIXES, 0.5, true));
      assertThat(subgraph.truncated()).isFalse();
    }

    @Test
    void radius_limitsNodesAndTheirEdges() {
      AdjacencyIndex graph =
          index(edge("a", RELATED, "b"), edge("b", RELATED, "c"), edge("c", RELATED, "d"));

      Subgraph subgraph = GraphAlgorithms.subgraph(graph, m("a"), 2, 10, TraversalFilter.any());

      assertThat(subgraph.nodes())
          .extracting(Subgraph.Node::memory)
          .containsExactly(m("a"), m("b"), m("c"));
      assertThat(subgraph.edges()).hasSize(2).noneMatch(e -> e.target().equals(m("d")));
    }

    @Test
    void nodeCap_stopsTheExpansion_andReportsTruncation() {
      AdjacencyIndex graph =
          index(
              edge("hub", RELATED, "s1"),
              edge("hub", RELATED, "s2"),
              edge("hub", RELATED, "s3"),
              edge("hub", RELATED, "s4"));

      Subgraph capped = GraphAlgorithms.subgraph(graph, m("hub"), 2, 3, TraversalFilter.any());
      Subgraph exact = GraphAlgorithms.subgraph(graph, m("hub"), 2, 5, TraversalFilter.any());

      assertThat(capped.nodes()).hasSize(3).first().isEqualTo(new Subgraph.Node(m("hub"), 0));
      assertThat(capped.truncated()).isTrue();
      assertThat(capped.edges()).hasSize(2);
      assertThat(exact.nodes()).hasSize(5);
      assertThat(exact.truncated()).as("everything within reach fits exactly").isFalse();
    }

    @Test
    void typeFilter_excludesOtherEdgesEvenAmongChosenNodes() {
      AdjacencyIndex graph =
          index(edge("a", RELATED, "b"), edge("b", RELATED, "c"), edge("a", CAUSES, "c"));

      Subgraph subgraph = GraphAlgorithms.subgraph(graph, m("a"), 2, 10, filter(BOTH, RELATED));

      assertThat(subgraph.edges())
          .containsExactlyInAnyOrder(
              new Subgraph.Edge(m("a"), m("b"), RELATED, 0.5, false),
              new Subgraph.Edge(m("b"), m("c"), RELATED, 0.5, false));
    }

    /** The documented contract: the neighbourhood "within radius hops in any direction". */
    @Test
    void expandsInAnyDirection_whateverTheFilterDirection() {
      AdjacencyIndex graph = index(edge("x", CAUSES, "a"), edge("a", CAUSES, "y"));

      Subgraph outgoing = GraphAlgorithms.subgraph(graph, m("a"), 1, 10, filter(OUTGOING));
      Subgraph incoming = GraphAlgorithms.subgraph(graph, m("a"), 1, 10, filter(INCOMING));

      assertThat(outgoing.nodes()).extracting(Subgraph.Node::memory).contains(m("x"), m("y"));
      assertThat(incoming.nodes()).extracting(Subgraph.Node::memory).contains(m("x"), m("y"));
    }

    @Test
    void unknownCenter_isJustTheCenter() {
      Subgraph subgraph =
          GraphAlgorithms.subgraph(new AdjacencyIndex(), m("a"), 2, 10, TraversalFilter.any());

      assertThat(subgraph.nodes()).containsExactly(new Subgraph.Node(m("a"), 0));
      assertThat(subgraph.edges()).isEmpty();
      assertThat(subgraph.truncated()).isFalse();
    }
  }
}
