package io.hybridgraph.domain.graph;

import io.hybridgraph.domain.model.EdgeOrientation;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.RelationshipType;

/**
 * A read-only adjacency view of the local graph for traversals, with memories numbered by dense ids
 * {@code 0 .. nodeCount() - 1}. Each edge is listed at both of its memories: a directed edge as
 * {@link EdgeOrientation#OUTGOING} at its source and {@link EdgeOrientation#INCOMING} at its
 * target, a symmetric relationship as {@link EdgeOrientation#SYMMETRIC} at both.
 *
 * <p>Valid only for the duration of the call that handed it out; never retained.
 */
public interface GraphSnapshot {

  int nodeCount();

  /** The id of a memory, or -1 when it has no association. */
  int idOf(MemoryHash memory);

  MemoryHash memory(int id);

  int degree(int id);

  /** The id of the memory at the other end of the {@code index}-th edge of {@code id}. */
  int neighbour(int id, int index);

  RelationshipType type(int id, int index);

  EdgeOrientation orientation(int id, int index);

  double similarity(int id, int index);
}
