package io.hybridgraph.domain.port.in;

import io.hybridgraph.domain.model.Association;

/** Stores an association on this device, replacing whatever stood between the pair before. */
public interface StoreAssociationUseCase {

  /** Stores {@code association} durably and queues it for sync; returns what was stored. */
  Association store(Association association);
}
