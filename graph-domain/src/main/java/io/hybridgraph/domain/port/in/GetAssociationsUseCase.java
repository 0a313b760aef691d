package io.hybridgraph.domain.port.in;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.Direction;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.model.RowKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads associations of this device's graph. */
public interface GetAssociationsUseCase {

  /** The association stored from {@code key.source()} to {@code key.target()}, if any. */
  Optional<Association> get(RowKey key);

  /**
   * The associations of a memory as seen from it (it is the source of each result), filtered by
   * direction and by type (all types when {@code types} is empty).
   */
  List<Association> associationsOf(
      MemoryHash memory, Direction direction, Set<RelationshipType> types);
}
