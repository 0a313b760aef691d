package io.hybridgraph.domain.graph;

import io.hybridgraph.domain.model.EdgeOrientation;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RelationshipType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Breadth-first graph algorithms over a {@link GraphSnapshot}. Each visits every memory at most
 * once, so the cost is linear in the part of the graph within reach (the Python store enumerated
 * paths instead, which is exponential on dense graphs).
 */
public final class GraphAlgorithms {

  private static final RelationshipType[] TYPES = RelationshipType.values();

  private GraphAlgorithms() {}

  /**
   * Memories reachable from {@code start} in 1 to {@code maxHops} hops along edges the filter
   * follows, each reported once at its shortest distance, in order of distance.
   */
  public static List<ConnectedMemory> connected(
      GraphSnapshot graph, MemoryHash start, int maxHops, TraversalFilter filter) {
    int origin = graph.idOf(start);
    if (origin < 0) {
      return List.of();
    }
    int[] distance = new int[graph.nodeCount()];
    Arrays.fill(distance, -1);
    int[] queue = new int[graph.nodeCount()];
    int head = 0;
    int tail = 0;
    distance[origin] = 0;
    queue[tail++] = origin;
    List<ConnectedMemory> found = new ArrayList<>();
    while (head < tail) {
      int node = queue[head++];
      int next = distance[node] + 1;
      if (next > maxHops) {
        break;
      }
      int degree = graph.degree(node);
      for (int i = 0; i < degree; i++) {
        int neighbour = graph.neighbour(node, i);
        if (distance[neighbour] >= 0
            || !filter.follows(graph.type(node, i), graph.orientation(node, i))) {
          continue;
        }
        distance[neighbour] = next;
        queue[tail++] = neighbour;
        found.add(new ConnectedMemory(graph.memory(neighbour), next));
      }
    }
    return found;
  }

  /**
   * A shortest path in hops from {@code from} to {@code to} along edges the filter follows, at most
   * {@code maxHops} long. A directed edge is followed backwards only when the filter's direction is
   * incoming or both.
   */
  public static Optional<GraphPath> shortestPath(
      GraphSnapshot graph, MemoryHash from, MemoryHash to, int maxHops, TraversalFilter filter) {
    int origin = graph.idOf(from);
    int goal = graph.idOf(to);
    if (origin < 0 || goal < 0) {
      return Optional.empty();
    }
    if (origin == goal) {
      return Optional.of(new GraphPath(List.of(from), List.of()));
    }
    int n = graph.nodeCount();
    int[] distance = new int[n];
    Arrays.fill(distance, -1);
    int[] parent = new int[n];
    byte[] parentType = new byte[n];
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    distance[origin] = 0;
    queue[tail++] = origin;
    while (head < tail) {
      int node = queue[head++];
      int next = distance[node] + 1;
      if (next > maxHops) {
        break;
      }
      int degree = graph.degree(node);
      for (int i = 0; i < degree; i++) {
        int neighbour = graph.neighbour(node, i);
        if (distance[neighbour] >= 0) {
          continue;
        }
        RelationshipType type = graph.type(node, i);
        if (!filter.follows(type, graph.orientation(node, i))) {
          continue;
        }
        distance[neighbour] = next;
        parent[neighbour] = node;
        parentType[neighbour] = (byte) type.ordinal();
        if (neighbour == goal) {
          return Optional.of(walkBack(graph, origin, goal, parent, parentType, next));
        }
        queue[tail++] = neighbour;
      }
    }
    return Optional.empty();
  }

  private static GraphPath walkBack(
      GraphSnapshot graph, int origin, int goal, int[] parent, byte[] parentType, int hops) {
    MemoryHash[] memories = new MemoryHash[hops + 1];
    RelationshipType[] relationships = new RelationshipType[hops];
    int node = goal;
    for (int step = hops; step > 0; step--) {
      memories[step] = graph.memory(node);
      relationships[step - 1] = TYPES[parentType[node]];
      node = parent[node];
    }
    memories[0] = graph.memory(origin);
    return new GraphPath(List.of(memories), List.of(relationships));
  }

  /**
   * The neighbourhood of {@code center} within {@code radius} hops in any direction, following only
   * the filter's types, capped at {@code maxNodes} memories (the centre included), with every edge
   * among the chosen memories that the filter allows, each symmetric relationship once.
   */
  public static Subgraph subgraph(
      GraphSnapshot graph, MemoryHash center, int radius, int maxNodes, TraversalFilter filter) {
    int origin = graph.idOf(center);
    if (origin < 0) {
      return new Subgraph(center, List.of(new Subgraph.Node(center, 0)), List.of(), false);
    }
    int n = graph.nodeCount();
    int[] distance = new int[n];
    Arrays.fill(distance, -1);
    int[] chosen = new int[Math.min(n, maxNodes)];
    int count = 0;
    boolean truncated = false;
    distance[origin] = 0;
    chosen[count++] = origin;
    expand:
    for (int head = 0; head < count; head++) {
      int node = chosen[head];
      int next = distance[node] + 1;
      if (next > radius) {
        break;
      }
      int degree = graph.degree(node);
      for (int i = 0; i < degree; i++) {
        int neighbour = graph.neighbour(node, i);
        // Any direction, as documented: the filter's direction does not limit a neighbourhood.
        if (distance[neighbour] >= 0 || !filter.allows(graph.type(node, i))) {
          continue;
        }
        if (count == chosen.length) {
          truncated = true;
          break expand;
        }
        distance[neighbour] = next;
        chosen[count++] = neighbour;
      }
    }
    List<Subgraph.Node> nodes = new ArrayList<>(count);
    List<Subgraph.Edge> edges = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      int node = chosen[c];
      MemoryHash memory = graph.memory(node);
      nodes.add(new Subgraph.Node(memory, distance[node]));
      int degree = graph.degree(node);
      for (int i = 0; i < degree; i++) {
        int neighbour = graph.neighbour(node, i);
        RelationshipType type = graph.type(node, i);
        if (distance[neighbour] < 0 || !filter.allows(type)) {
          continue;
        }
        EdgeOrientation orientation = graph.orientation(node, i);
        if (orientation == EdgeOrientation.OUTGOING) {
          edges.add(
              new Subgraph.Edge(
                  memory, graph.memory(neighbour), type, graph.similarity(node, i), true));
        } else if (orientation == EdgeOrientation.SYMMETRIC) {
          MemoryHash other = graph.memory(neighbour);
          if (memory.compareTo(other) < 0) {
            edges.add(new Subgraph.Edge(memory, other, type, graph.similarity(node, i), false));
          }
        }
      }
    }
    return new Subgraph(center, nodes, edges, truncated);
  }
}
