package io.hybridgraph.domain.service;

import io.hybridgraph.domain.graph.ConnectedMemory;
import io.hybridgraph.domain.graph.GraphAlgorithms;
import io.hybridgraph.domain.graph.GraphPath;
import io.hybridgraph.domain.graph.GraphStatistics;
import io.hybridgraph.domain.graph.Subgraph;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.in.ConnectedQuery;
import io.hybridgraph.domain.port.in.DeleteAssociationUseCase;
import io.hybridgraph.domain.port.in.FindConnectedUseCase;
import io.hybridgraph.domain.port.in.FindShortestPathUseCase;
import io.hybridgraph.domain.port.in.GetAssociationsUseCase;
import io.hybridgraph.domain.port.in.GetSubgraphUseCase;
import io.hybridgraph.domain.port.in.GraphStatisticsUseCase;
import io.hybridgraph.domain.port.in.PathQuery;
import io.hybridgraph.domain.port.in.StoreAssociationUseCase;
import io.hybridgraph.domain.port.in.SubgraphQuery;
import io.hybridgraph.domain.port.out.AssociationStore;
import io.hybridgraph.domain.port.out.GraphIndex;
import io.hybridgraph.domain.port.out.LocalChangeListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The graph use cases of one device: writes and point reads go to the local store, traversals run
 * the breadth-first algorithms over its adjacency index (the query records have checked their
 * bounds already). After each write that changed the graph the change listener is told, once the
 * store's transaction has committed.
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

  private final AssociationStore store;
  private final GraphIndex index;
  private final LocalChangeListener changes;

  /** A graph whose local changes nobody waits for (they still wait in the outbox). */
  public GraphService(AssociationStore store, GraphIndex index) {
    this(store, index, LocalChangeListener.NONE);
  }

  public GraphService(AssociationStore store, GraphIndex index, LocalChangeListener changes) {
    this.store = Objects.requireNonNull(store, "store");
    this.index = Objects.requireNonNull(index, "index");
    this.changes = Objects.requireNonNull(changes, "changes");
  }

  @Override
  public Association store(Association association) {
    Association stored =
        store.store(Objects.requireNonNull(association, "association must not be null"));
    changes.changeCommitted();
    return stored;
  }

  @Override
  public boolean delete(MemoryHash a, MemoryHash b) {
    boolean deleted = store.delete(a, b);
    if (deleted) {
      changes.changeCommitted();
    }
    return deleted;
  }

  @Override
  public int deleteMemory(MemoryHash memory) {
    int deleted = store.deleteMemory(memory);
    if (deleted > 0) {
      changes.changeCommitted();
    }
    return deleted;
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
  public List<ConnectedMemory> findConnected(ConnectedQuery query) {
    return index.read(
        graph -> GraphAlgorithms.connected(graph, query.memory(), query.maxHops(), query.filter()));
  }

  /**
   * {@inheritDoc}
   *
   * <p>From a memory to itself the path is that memory alone (length 0), associations or not.
   */
  @Override
  public Optional<GraphPath> shortestPath(PathQuery query) {
    if (query.from().equals(query.to())) {
      return Optional.of(new GraphPath(List.of(query.from()), List.of()));
    }
    return index.read(
        graph ->
            GraphAlgorithms.shortestPath(
                graph, query.from(), query.to(), query.maxHops(), query.filter()));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Each edge carries its association's connection types and metadata, read from the store after
   * the traversal; an edge deleted in between keeps none.
   */
  @Override
  public Subgraph subgraph(SubgraphQuery query) {
    Subgraph shape =
        index.read(
            graph ->
                GraphAlgorithms.subgraph(
                    graph, query.center(), query.radius(), query.maxNodes(), query.filter()));
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
}
