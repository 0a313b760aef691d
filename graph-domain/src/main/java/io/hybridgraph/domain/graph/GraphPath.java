package io.hybridgraph.domain.graph;

import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RelationshipType;
import java.util.List;

/**
 * A shortest path: the memories from start to end, and the relationship followed at each hop
 * ({@code relationships.size() == memories.size() - 1}).
 */
public record GraphPath(List<MemoryHash> memories, List<RelationshipType> relationships) {

  public GraphPath {
    memories = List.copyOf(memories);
    relationships = List.copyOf(relationships);
    if (memories.isEmpty() || relationships.size() != memories.size() - 1) {
      throw new IllegalArgumentException(
          "a path of " + memories.size() + " memories needs " + (memories.size() - 1) + " hops");
    }
  }

  public int hops() {
    return relationships.size();
  }
}
