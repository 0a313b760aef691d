package io.hybridgraph.domain.port.out;

import io.hybridgraph.domain.graph.GraphStatistics;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Durable local storage of associations. Every write also records its replicated rows for sync in
 * the same transaction, so nothing is ever stored without being queued.
 */
public interface AssociationStore {

  Association store(Association association);

  /** Deletes everything between two memories; false when nothing was visible. */
  boolean delete(MemoryHash a, MemoryHash b);

  /** Deletes every pair that involves {@code memory}; returns how many. */
  int deleteMemory(MemoryHash memory);

  Optional<Association> get(RowKey key);

  /**
   * The associations stored at the given rows, by row; rows without one are left out. One read
   * where the store can do it in one.
   */
  default Map<RowKey, Association> getAll(Collection<RowKey> keys) {
    Map<RowKey, Association> found = new LinkedHashMap<>();
    for (RowKey key : keys) {
      get(key).ifPresent(association -> found.put(key, association));
    }
    return found;
  }

  List<Association> associationsOf(
      MemoryHash memory, Direction direction, Set<RelationshipType> types);

  GraphStatistics statistics();
}
