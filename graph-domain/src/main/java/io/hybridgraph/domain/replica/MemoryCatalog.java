package io.hybridgraph.domain.replica;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.MemoryHash;
import java.util.Optional;

/**
 * What this device's file knows of its memories: the {@code memories} table the Python memory
 * service keeps beside {@code memory_graph}, if the file has one. A file without it is a plain
 * graph file, on which no other program does housekeeping.
 */
public interface MemoryCatalog {

  /** A plain graph file: no {@code memories} table. */
  MemoryCatalog NONE =
      new MemoryCatalog() {
        @Override
        public boolean present() {
          return false;
        }

        @Override
        public boolean has(MemoryHash memory) {
          return false;
        }
      };

  /** Whether the file has a {@code memories} table at all. */
  boolean present();

  /**
   * Whether {@code memory} has a row in the {@code memories} table, live or soft-deleted; false
   * when the table is absent.
   */
  boolean has(MemoryHash memory);

  /**
   * The first of the row's memories (source, then target) without a row in a present {@code
   * memories} table; empty when both have one or the table is absent.
   */
  default Optional<MemoryHash> firstMissing(Association row) {
    if (!present()) {
      return Optional.empty();
    }
    if (!has(row.source())) {
      return Optional.of(row.source());
    }
    return has(row.target()) ? Optional.empty() : Optional.of(row.target());
  }
}
