package io.hybridgraph.domain.service;

import io.hybridgraph.domain.graph.ConnectedMemory;
import io.hybridgraph.domain.graph.GraphAlgorithms;
import io.hybridgraph.domain.graph.GraphPath;
import io.hybridgraph.domain.graph.GraphStatistics;
import io.hybridgraph.domain.graph.Subgraph;
import io.hybridgraph.domain.graph.TraversalFilter;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.in.DeleteAssociationUseCase;
import io.hybridgraph.domain.port.in.FindConnectedUseCase;
import io.hybridgraph.domain.port.in.FindShortestPathUseCase;
import io.hybridgraph.domain.port.in.GetAssociationsUseCase;
import io.hybridgraph.domain.port.in.GetSubgraphUseCase;
import io.hybridgraph.domain.port.in.GraphStatisticsUseCase;
import io.hybridgraph.domain.port.in.StoreAssociationUseCase;
import io.hybridgraph.domain.port.out.AssociationStore;
import io.hybridgraph.domain.port.out.GraphIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The graph use cases of one device: writes and point reads go to the local store, traversals run
 * the breadth-first algorithms over its adjacency index. Checks query bounds before any work.
 *
 * <p>Answers as the Python memory service does: a memory without associations is no error (no
 * associations, no connected memories, a subgraph of the centre alone, no pairs deleted), and the
 * path from a memory to itself is that memory alone.
 */
public final class GraphService
    implements StoreAssociationUseCase,
        DeleteAssociationUseCase,
        GetAssociationsUseCase,
        FindConnectedUseCase,
        FindShortestPathUseCase,
        GetSubgraphUseCase,
        GraphStatisticsUseCase {

  /** Deepest traversal accepted; beyond a few hops a knowledge graph is mostly all reachable. */
  public static final int MAX_HOPS = 10;

  /** Most nodes a subgraph may hold. */
  public static final int MAX_SUBGRAPH_NODES = 5_000;

  private final AssociationStore store;
  private final GraphIndex index;

  public GraphService(AssociationStore store, GraphIndex index) {
    this.store = Objects.requireNonNull(store, "store");
    this.index = Objects.requireNonNull(index, "index");
  }

  @Override
  public Association store(Association association) {
    return store.store(Objects.requireNonNull(association, "association must not be null"));
  }

  @Override
  public boolean delete(MemoryHash a, MemoryHash b) {
    return store.delete(a, b);
  }

  @Override
  public int deleteMemory(MemoryHash memory) {
    return store.deleteMemory(memory);
  }

  @Override
  public Optional<Association> get(RowKey key) {
    return store.get(key);
  }

  @Override
  public List<Association> associationsOf(
      MemoryHash memory, Direction direction, Set<RelationshipType> types) {
    return store.associationsOf(memory, direction, types);
  }

  @Override
  public List<ConnectedMemory> findConnected(
      MemoryHash memory, int maxHops, TraversalFilter filter) {
    requireWithin("max_hops", maxHops, 1, MAX_HOPS);
    return index.read(graph -> GraphAlgorithms.connected(graph, memory, maxHops, filter));
  }

  /**
   * {@inheritDoc}
   *
   * <p>From a memory to itself the path is that memory alone (length 0), associations or not.
   */
  @Override
  public Optional<GraphPath> shortestPath(
      MemoryHash from, MemoryHash to, int maxHops, TraversalFilter filter) {
    requireWithin("max_hops", maxHops, 1, MAX_HOPS);
    if (from.equals(to)) {
      return Optional.of(new GraphPath(List.of(from), List.of()));
    }
    return index.read(graph -> GraphAlgorithms.shortestPath(graph, from, to, maxHops, filter));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Each edge carries its association's connection types and metadata, read from the store after
   * the traversal; an edge deleted in between keeps none.
   */
  @Override
  public Subgraph subgraph(MemoryHash center, int radius, int maxNodes, TraversalFilter filter) {
    requireWithin("radius", radius, 1, MAX_HOPS);
    requireWithin("max_nodes", maxNodes, 1, MAX_SUBGRAPH_NODES);
    Subgraph shape =
        index.read(graph -> GraphAlgorithms.subgraph(graph, center, radius, maxNodes, filter));
    if (shape.edges().isEmpty()) {
      return shape;
    }
    List<RowKey> keys = new ArrayList<>(shape.edges().size());
    for (Subgraph.Edge edge : shape.edges()) {
      keys.add(new RowKey(edge.source(), edge.target()));
    }
    Map<RowKey, Association> details = store.getAll(keys);
    List<Subgraph.Edge> edges = new ArrayList<>(shape.edges().size());
    for (int i = 0; i < keys.size(); i++) {
      Subgraph.Edge edge = shape.edges().get(i);
      Association association = details.get(keys.get(i));
      edges.add(association == null ? edge : edge.withDetailsOf(association));
    }
    return new Subgraph(shape.center(), shape.nodes(), edges, shape.truncated());
  }

  @Override
  public GraphStatistics statistics() {
    return store.statistics();
  }

  private static void requireWithin(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be within [" + min + ", " + max + "], was " + value);
    }
  }
}
