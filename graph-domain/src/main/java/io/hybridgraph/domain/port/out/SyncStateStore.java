package io.hybridgraph.domain.port.out;

import java.util.Optional;

/** Small named values that sync keeps durably beside the graph: cursors, checkpoints, times. */
public interface SyncStateStore {

  Optional<String> get(String name);

  void put(String name, String value);
}
