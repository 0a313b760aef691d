package io.hybridgraph.domain.graph;

import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.EdgeOrientation;
import io.hybridgraph.domain.model.RelationshipType;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which edges a traversal follows: a direction, and the relationship types allowed (all when
 * empty). Symmetric relationships are followed in every direction.
 */
public record TraversalFilter(Direction direction, Set<RelationshipType> types) {

  public TraversalFilter {
    Objects.requireNonNull(direction, "direction must not be null");
    Objects.requireNonNull(types, "types must not be null");
    types = types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
  }

  public static TraversalFilter any() {
    return new TraversalFilter(Direction.BOTH, Set.of());
  }

  public static TraversalFilter of(Direction direction, Set<RelationshipType> types) {
    return new TraversalFilter(direction, types);
  }

  public boolean follows(RelationshipType type, EdgeOrientation orientation) {
    return direction.follows(orientation) && (types.isEmpty() || types.contains(type));
  }

  public boolean allows(RelationshipType type) {
    return types.isEmpty() || types.contains(type);
  }
}
