package io.hybridgraph.domain.port.in;

import io.hybridgraph.domain.model.MemoryHash;

/** Deletes associations on this device. */
public interface DeleteAssociationUseCase {

  /** Deletes everything between two memories; false when nothing was there. */
  boolean delete(MemoryHash a, MemoryHash b);

  /** Deletes every association of a memory, leaving no orphaned edge; returns how many pairs. */
  int deleteMemory(MemoryHash memory);
}
