package io.hybridgraph.domain.graph;

import io.hybridgraph.domain.model.RelationshipType;
import java.util.Map;

/**
 * Counts over the local graph. {@code relationships} counts a symmetric relationship once, while
 * {@code rows} counts the rows of {@code memory_graph} (a symmetric relationship occupies two),
 * rows kept local included. {@code keptLocalByType} counts, per relationship type as written, the
 * rows the domain does not model (entity links, unknown or empty types): left as they are, never
 * synced, skipped by queries.
 */
public record GraphStatistics(
    long relationships,
    long rows,
    long memories,
    long symmetricRelationships,
    long directedRelationships,
    Map<RelationshipType, Long> relationshipsByType,
    Map<String, Long> keptLocalByType) {

  public GraphStatistics {
    relationshipsByType = Map.copyOf(relationshipsByType);
    keptLocalByType = Map.copyOf(keptLocalByType);
  }

  /** Statistics of a graph without rows kept local. */
  public GraphStatistics(
      long relationships,
      long rows,
      long memories,
      long symmetricRelationships,
      long directedRelationships,
      Map<RelationshipType, Long> relationshipsByType) {
    this(
        relationships,
        rows,
        memories,
        symmetricRelationships,
        directedRelationships,
        relationshipsByType,
        Map.of());
  }

  /** Rows kept local, of every type. */
  public long keptLocal() {
    return keptLocalByType.values().stream().mapToLong(Long::longValue).sum();
  }
}
