package io.hybridgraph.domain.graph;

import io.hybridgraph.domain.model.RelationshipType;
import java.util.Map;

/**
 * Counts over the local graph. {@code relationships} counts a symmetric relationship once, while
 * {@code rows} counts the rows of {@code memory_graph} (a symmetric relationship occupies two).
 */
public record GraphStatistics(
    long relationships,
    long rows,
    long memories,
    long symmetricRelationships,
    long directedRelationships,
    Map<RelationshipType, Long> relationshipsByType) {

  public GraphStatistics {
    relationshipsByType = Map.copyOf(relationshipsByType);
  }
}
