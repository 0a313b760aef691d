package io.hybridgraph.sync;

import io.hybridgraph.domain.graph.ConnectedMemory;
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
import io.hybridgraph.domain.service.GraphService;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The graph as the rest of the application sees it (the design document's wrapper, option A): reads
 * come from the local store only; writes go to the local store, whose transaction also queues them
 * for sync, and return without waiting for the network. After a write the sync worker is nudged to
 * push soon.
 */
public final class HybridGraphStorage
    implements StoreAssociationUseCase,
        DeleteAssociationUseCase,
        GetAssociationsUseCase,
        FindConnectedUseCase,
        FindShortestPathUseCase,
        GetSubgraphUseCase,
        GraphStatisticsUseCase {

  private final GraphService local;
  private final Runnable pushSoon;

  /**
   * @param local the local graph
   * @param pushSoon called after each write; must not block (a sync service's {@code wake})
   */
  public HybridGraphStorage(GraphService local, Runnable pushSoon) {
    this.local = local;
    this.pushSoon = pushSoon;
  }

  @Override
  public Association store(Association association) {
    Association stored = local.store(association);
    pushSoon.run();
    return stored;
  }

  @Override
  public boolean delete(MemoryHash a, MemoryHash b) {
    boolean deleted = local.delete(a, b);
    if (deleted) {
      pushSoon.run();
    }
    return deleted;
  }

  @Override
  public int deleteMemory(MemoryHash memory) {
    int deleted = local.deleteMemory(memory);
    if (deleted > 0) {
      pushSoon.run();
    }
    return deleted;
  }

  @Override
  public Optional<Association> get(RowKey key) {
    return local.get(key);
  }

  @Override
  public List<Association> associationsOf(
      MemoryHash memory, Direction direction, Set<RelationshipType> types) {
    return local.associationsOf(memory, direction, types);
  }

  @Override
  public List<ConnectedMemory> findConnected(
      MemoryHash memory, int maxHops, TraversalFilter filter) {
    return local.findConnected(memory, maxHops, filter);
  }

  @Override
  public Optional<GraphPath> shortestPath(
      MemoryHash from, MemoryHash to, int maxHops, TraversalFilter filter) {
    return local.shortestPath(from, to, maxHops, filter);
  }

  @Override
  public Subgraph subgraph(MemoryHash center, int radius, int maxNodes, TraversalFilter filter) {
    return local.subgraph(center, radius, maxNodes, filter);
  }

  @Override
  public GraphStatistics statistics() {
    return local.statistics();
  }
}
