package io.hybridgraph.domain.graph;

import static io.hybridgraph.domain.testing.Theories.tries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.TestAssociations;
import io.hybridgraph.domain.replica.ReplicatedGraph;
import io.hybridgraph.domain.testing.Coverage;
import io.hybridgraph.domain.version.DeviceId;
import io.hybridgraph.domain.version.HybridClock;
import io.hybridgraph.domain.version.SettableClock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The breadth-first algorithms agree with Floyd–Warshall over a plain edge list on random small
 * graphs, built as the store builds them: stores (which replace whatever stood between a pair)
 * through a replica, whose visible rows feed the index.
 */
class GraphAlgorithmsProperties {

  private static final int NODES = 6;
  private static final int FAR = 1_000;

  record Store(int source, int offset, RelationshipType type) {}

  @Test
  void connected_isEveryMemoryWithinMaxHops_atItsShortestDistance() {
    Coverage farthest = new Coverage("distance of the farthest memory found");

    tries(1000)
        .forAll(graphs(), nodes(), integers().between(1, 4), filters())
        .checkAssert(
            (rows, start, maxHops, filter) ->
                farthest.record(connectedMatchesFloydWarshall(rows, start, maxHops, filter)));

    farthest.requireAtLeast(10.0, 1);
    farthest.requireAtLeast(5.0, 2);
    farthest.requireAtLeast(1.0, 3);
  }

  /** Checks {@code connected} against the reference; returns the distance of the farthest found. */
  private static int connectedMatchesFloydWarshall(
      List<Association> rows, int start, int maxHops, TraversalFilter filter) {
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
    return found.isEmpty() ? 0 : found.get(found.size() - 1).distance();
  }

  /** Two memories and a hop limit to search a path with. */
  record PathQuery(int from, int to, int maxHops) {}

  @Test
  void shortestPath_isAsShortAsFloydWarshallSays_alongEdgesTheFilterFollows() {
    Coverage found = new Coverage("path found");

    tries(1000)
        .forAll(graphs(), nodes().zip(nodes(), integers().between(1, 4), PathQuery::new), filters())
        .checkAssert(
            (rows, query, filter) ->
                found.record(
                    shortestPathMatchesFloydWarshall(
                        rows, query.from(), query.to(), query.maxHops(), filter)));

    found.requireAtLeast(20.0, true);
    found.requireAtLeast(20.0, false);
  }

  /** Checks {@code shortestPath} against the reference; returns whether it found a path. */
  private static boolean shortestPathMatchesFloydWarshall(
      List<Association> rows, int from, int to, int maxHops, TraversalFilter filter) {
    AdjacencyIndex index = index(rows);
    int[][] distance = floydWarshall(rows, filter.direction(), filter.types());
    boolean known = index.idOf(memory(from)) >= 0 && index.idOf(memory(to)) >= 0;

    Optional<GraphPath> path =
        GraphAlgorithms.shortestPath(index, memory(from), memory(to), maxHops, filter);

    if (!known || distance[from][to] > maxHops) {
      assertThat(path).isEmpty();
      return false;
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
    return true;
  }

  /** A memory, a radius around it and a cap on the nodes to return. */
  record Neighbourhood(int center, int radius, int maxNodes) {}

  @Test
  void subgraph_isTheNeighbourhoodInAnyDirection_withEveryAllowedEdgeOnce() {
    Coverage truncated = new Coverage("truncated");

    tries(1000)
        .forAll(
            graphs(),
            nodes()
                .zip(
                    integers().between(1, 3), integers().between(1, NODES + 1), Neighbourhood::new),
            filters())
        .checkAssert(
            (rows, around, filter) ->
                truncated.record(
                    subgraphMatchesFloydWarshall(
                        rows, around.center(), around.radius(), around.maxNodes(), filter)));

    truncated.requireAtLeast(10.0, true);
    truncated.requireAtLeast(10.0, false);
  }

  /** Checks {@code subgraph} against the reference; returns whether the cap truncated it. */
  private static boolean subgraphMatchesFloydWarshall(
      List<Association> rows, int center, int radius, int maxNodes, TraversalFilter filter) {
    AdjacencyIndex index = index(rows);
    int[][] distance = floydWarshall(rows, Direction.BOTH, filter.types());
    int reachable = 0;
    for (int v = 0; v < NODES; v++) {
      if (distance[center][v] <= radius) {
        reachable++;
      }
    }

    Subgraph subgraph = GraphAlgorithms.subgraph(index, memory(center), radius, maxNodes, filter);

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
    return subgraph.truncated();
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

  private static Gen<Integer> nodes() {
    return integers().between(0, NODES - 1);
  }

  /** The visible rows left by a sequence of stores among six memories. */
  private static Gen<List<Association>> graphs() {
    Gen<Store> store =
        nodes()
            .zip(
                integers().between(1, NODES - 1),
                arbitrary().enumValues(RelationshipType.class),
                Store::new);
    return lists()
        .of(store)
        .ofSizeBetween(0, 14)
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

  /** Any direction; no type filter two times in three, else one to three types. */
  private static Gen<TraversalFilter> filters() {
    Gen<Set<RelationshipType>> types =
        Generate.frequency(
            Pair.of(2, arbitrary().constant(Set.<RelationshipType>of())),
            Pair.of(
                1,
                lists()
                    .of(arbitrary().enumValues(RelationshipType.class))
                    .ofSizeBetween(1, 3)
                    .map(EnumSet::copyOf)));
    return arbitrary().enumValues(Direction.class).zip(types, TraversalFilter::of);
  }
}
