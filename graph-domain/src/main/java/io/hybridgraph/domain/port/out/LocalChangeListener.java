package io.hybridgraph.domain.port.out;

/**
 * Told when a local write has changed the graph and its transaction has committed, so that work
 * waiting for local changes (pushing them to the cloud) can start at once. Called on the writer's
 * thread: must return quickly, never block and never throw.
 */
@FunctionalInterface
public interface LocalChangeListener {

  /** Nobody is listening: a device whose changes only wait in the outbox. */
  LocalChangeListener NONE = () -> {};

  /** A local write committed a change. */
  void changeCommitted();
}
