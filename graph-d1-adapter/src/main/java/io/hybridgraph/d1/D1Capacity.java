package io.hybridgraph.d1;

/**
 * The size of the D1 database against its configured limit, as last reported by D1 (from the {@code
 * size_after} of every statement and from the database info endpoint). Thread-safe.
 */
interface D1Capacity {

  /** The last known status, without calling D1. */
  CapacityStatus status();

  /** Asks D1 for the current size (one info request) and returns the new status. */
  CapacityStatus refresh();
}
