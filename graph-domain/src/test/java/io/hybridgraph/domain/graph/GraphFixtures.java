package io.hybridgraph.domain.graph;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.TestAssociations;
import java.util.EnumSet;
import java.util.Set;

/** Builds adjacency indexes the way the store feeds them: a symmetric relationship as two rows. */
final class GraphFixtures {

  private GraphFixtures() {}

  static AdjacencyIndex index(Association... associations) {
    AdjacencyIndex index = new AdjacencyIndex();
    for (Association association : associations) {
      index.put(association);
      if (association.isSymmetric()) {
        index.put(association.mirrored());
      }
    }
    return index;
  }

  static Association edge(String source, RelationshipType type, String target) {
    return TestAssociations.association(source, target, type);
  }

  static MemoryHash m(String value) {
    return MemoryHash.of(value);
  }

  static TraversalFilter filter(Direction direction, RelationshipType... types) {
    Set<RelationshipType> set =
        types.length == 0 ? Set.of() : EnumSet.copyOf(java.util.List.of(types));
    return TraversalFilter.of(direction, set);
  }
}
