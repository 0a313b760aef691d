package io.hybridgraph.d1;

import io.hybridgraph.domain.port.out.RemoteGraphException;

/**
 * The versioned schema of the remote graph in D1: ordered migrations, each recorded in D1's own
 * {@code graph_schema_history} table.
 *
 * <p>{@link #migrate()} is safe on a fresh database, safe to run again, safe when several devices
 * run it at once (each migration claims its version in the same transaction that applies it, so
 * exactly one device applies it and the others move on), and upgrades a {@code memory_graph} made
 * by the Python memory service in place. Run it once at startup, before pushing or pulling.
 */
interface RemoteSchema {

  /** The newest schema version this build knows. */
  int latestVersion();

  /**
   * Applies every pending migration in order.
   *
   * @throws IllegalStateException when D1 holds a newer schema than this build knows, or a {@code
   *     memory_graph} whose layout is neither the Python service's nor ours
   * @throws RemoteGraphException when D1 fails; running {@code migrate()} again is safe
   */
  SchemaStatus migrate();

  /** The schema version D1 holds now, without changing anything. */
  SchemaStatus status();
}
