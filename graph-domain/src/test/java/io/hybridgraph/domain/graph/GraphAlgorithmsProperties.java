package io.hybridgraph.domain.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.TestAssociations;
import io.hybridgraph.domain.replica.ReplicatedGraph;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.HybridClock;
import io.hybridgraph.domain.version.SettableClock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The breadth-first algorithms agree with Floyd–Warshall over a plain edge list on random small
 * graphs, built as the store builds them: stores (which replace whatever stood between a pair)
 * through a replica, whose visible rows feed the index.
 */
class GraphAlgorithmsProperties {

  private static final int NODES = 6;
  private static final int FAR = 1_000;

  record Store(int source, int offset, RelationshipType type) {}

  @Property(tries = 1000)
  void connected_isEveryMemoryWithinMaxHops_atItsShortestDistance(
      @ForAll("graphs") List<Association> rows,
      @ForAll @IntRange(min = 0, max = NODES - 1) int start,
      @ForAll @IntRange(min = 1, max = 4) int maxHops,
      @ForAll("filters") TraversalFilter filter) {
    AdjacencyIndex index = index(rows);
    int[][] distance = floydWarshall(rows, filter.direction(), filter.types());

    List<ConnectedMemory> found = GraphAlgorithms.connected(index, memory(start), maxHops, filter);

    List<ConnectedMemory> expected = new ArrayList<>();
    if (index.idOf(memory(start)) >= 0) {
      for (int v = 0; v < NODES; v++) {
        if (v != start && distance[start][v] <= maxHops) {
          expected.add(new ConnectedMemory(memory(v), distance[start][v]));
        }
      }
    }
    assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
    for (int i = 1; i < found.size(); i++) {
      assertThat(found.get(i).distance()).isGreaterThanOrEqualTo(found.get(i - 1).distance());
    }
    Statistics.label("farthest")
        .collect(found.isEmpty() ? 0 : found.get(found.size() - 1).distance());
  }

  @Property(tries = 1000)
  void shortestPath_isAsShortAsFloydWarshallSays_alongEdgesTheFilterFollows(
      @ForAll("graphs") List<Association> rows,
      @ForAll @IntRange(min = 0, max = NODES - 1) int from,
      @ForAll @IntRange(min = 0, max = NODES - 1) int to,
      @ForAll @IntRange(min = 1, max = 4) int maxHops,
      @ForAll("filters") TraversalFilter filter) {
    AdjacencyIndex index = index(rows);
    int[][] distance = floydWarshall(rows, filter.direction(), filter.types());
    boolean known = index.idOf(memory(from)) >= 0 && index.idOf(memory(to)) >= 0;

    Optional<GraphPath> path =
        GraphAlgorithms.shortestPath(index, memory(from), memory(to), maxHops, filter);

    Statistics.label("path found").collect(path.isPresent());
    if (!known || distance[from][to] > maxHops) {
      assertThat(path).isEmpty();
      return;
    }
    assertThat(path).isPresent();
    GraphPath found = path.get();
    assertThat(found.hops()).isEqualTo(distance[from][to]);
    assertThat(found.memories().get(0)).isEqualTo(memory(from));
    assertThat(found.memories().get(found.hops())).isEqualTo(memory(to));
    for (int hop = 0; hop < found.hops(); hop++) {
      assertThat(
              steps(rows, filter.direction(), filter.types())
                  .contains(
                      new Step(
                          found.memories().get(hop),
                          found.memories().get(hop + 1),
                          found.relationships().get(hop))))
          .as("hop %d of %s follows an edge the filter allows", hop, found)
          .isTrue();
    }
  }

  @Property(tries = 1000)
  void subgraph_isTheNeighbourhoodInAnyDirection_withEveryAllowedEdgeOnce(
      @ForAll("graphs") List<Association> rows,
      @ForAll @IntRange(min = 0, max = NODES - 1) int center,
      @ForAll @IntRange(min = 1, max = 3) int radius,
      @ForAll @IntRange(min = 1, max = NODES + 1) int maxNodes,
      @ForAll("filters") TraversalFilter filter) {
    AdjacencyIndex index = index(rows);
    int[][] distance = floydWarshall(rows, Direction.BOTH, filter.types());
    int reachable = 0;
    for (int v = 0; v < NODES; v++) {
      if (distance[center][v] <= radius) {
        reachable++;
      }
    }

    Subgraph subgraph = GraphAlgorithms.subgraph(index, memory(center), radius, maxNodes, filter);

    Statistics.label("truncated").collect(subgraph.truncated());
    assertThat(subgraph.nodes()).hasSize(Math.min(reachable, maxNodes));
    assertThat(subgraph.truncated()).isEqualTo(reachable > maxNodes);
    Set<MemoryHash> chosen = new HashSet<>();
    int farthestChosen = 0;
    for (Subgraph.Node node : subgraph.nodes()) {
      int v = Integer.parseInt(node.memory().value().substring(1));
      assertThat(node.distance()).isEqualTo(distance[center][v]);
      assertThat(chosen.add(node.memory())).as("each node once").isTrue();
      farthestChosen = Math.max(farthestChosen, node.distance());
    }
    for (int v = 0; v < NODES; v++) {
      if (distance[center][v] <= radius && !chosen.contains(memory(v))) {
        assertThat(distance[center][v])
            .as("the cap keeps the nearest")
            .isGreaterThanOrEqualTo(farthestChosen);
      }
    }
    List<Subgraph.Edge> expectedEdges = new ArrayList<>();
    for (Association row : rows) {
      boolean among = chosen.contains(row.source()) && chosen.contains(row.target());
      if (!among || !filter.allows(row.type())) {
        continue;
      }
      if (!row.isSymmetric()) {
        expectedEdges.add(new Subgraph.Edge(row.source(), row.target(), row.type(), 0.5, true));
      } else if (row.source().compareTo(row.target()) < 0) {
        expectedEdges.add(new Subgraph.Edge(row.source(), row.target(), row.type(), 0.5, false));
      }
    }
    assertThat(subgraph.edges()).containsExactlyInAnyOrderElementsOf(expectedEdges);
  }

  // --- reference ------------------------------------------------------------------------------

  record Step(MemoryHash from, MemoryHash to, RelationshipType type) {}

  /** Every single hop a traversal with this direction and these types may take. */
  private static Set<Step> steps(
      List<Association> rows, Direction direction, Set<RelationshipType> types) {
    Set<Step> steps = new HashSet<>();
    for (Association row : rows) {
      if (!types.isEmpty() && !types.contains(row.type())) {
        continue;
      }
      if (row.isSymmetric()) {
        steps.add(new Step(row.source(), row.target(), row.type()));
        steps.add(new Step(row.target(), row.source(), row.type()));
      } else {
        if (direction != Direction.INCOMING) {
          steps.add(new Step(row.source(), row.target(), row.type()));
        }
        if (direction != Direction.OUTGOING) {
          steps.add(new Step(row.target(), row.source(), row.type()));
        }
      }
    }
    return steps;
  }

  private static int[][] floydWarshall(
      List<Association> rows, Direction direction, Set<RelationshipType> types) {
    int[][] d = new int[NODES][NODES];
    for (int i = 0; i < NODES; i++) {
      for (int j = 0; j < NODES; j++) {
        d[i][j] = i == j ? 0 : FAR;
      }
    }
    for (Step step : steps(rows, direction, types)) {
      d[number(step.from())][number(step.to())] = 1;
    }
    for (int k = 0; k < NODES; k++) {
      for (int i = 0; i < NODES; i++) {
        for (int j = 0; j < NODES; j++) {
          d[i][j] = Math.min(d[i][j], d[i][k] + d[k][j]);
        }
      }
    }
    return d;
  }

  // --- generation -----------------------------------------------------------------------------

  private static MemoryHash memory(int n) {
    return MemoryHash.of("n" + n);
  }

  private static int number(MemoryHash memory) {
    return Integer.parseInt(memory.value().substring(1));
  }

  private static AdjacencyIndex index(List<Association> rows) {
    AdjacencyIndex index = new AdjacencyIndex();
    rows.forEach(index::put);
    return index;
  }

  /** The visible rows left by a sequence of stores among six memories. */
  @Provide
  Arbitrary<List<Association>> graphs() {
    Arbitrary<Store> store =
        Combinators.combine(
                Arbitraries.integers().between(0, NODES - 1),
                Arbitraries.integers().between(1, NODES - 1),
                Arbitraries.of(RelationshipType.class))
            .as(Store::new);
    return store
        .list()
        .ofMaxSize(14)
        .map(
            stores -> {
              ReplicatedGraph graph = new ReplicatedGraph();
              HybridClock clock = new HybridClock(new SettableClock(0), new DeviceId("d"));
              for (Store s : stores) {
                graph.store(
                    TestAssociations.association(
                        "n" + s.source(), "n" + (s.source() + s.offset()) % NODES, s.type()),
                    clock);
              }
              return graph.visibleRows();
            });
  }

  @Provide
  Arbitrary<TraversalFilter> filters() {
    Arbitrary<Set<RelationshipType>> types =
        Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.just(Set.<RelationshipType>of())),
            Tuple.of(
                1,
                Arbitraries.of(RelationshipType.class)
                    .set()
                    .ofMinSize(1)
                    .ofMaxSize(3)
                    .map(EnumSet::copyOf)));
    return Combinators.combine(Arbitraries.of(Direction.class), types).as(TraversalFilter::of);
  }
}
