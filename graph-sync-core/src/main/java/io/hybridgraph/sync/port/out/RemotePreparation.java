package io.hybridgraph.sync.port.out;

/**
 * Makes the remote graph ready for push and pull before sync first uses it (the D1 adapter migrates
 * the cloud schema). Idempotent; may be slow.
 */
@FunctionalInterface
public interface RemotePreparation {

  /**
   * Prepares the remote.
   *
   * @throws io.hybridgraph.domain.port.out.RemoteGraphException.Unavailable while the remote does
   *     not answer (sync retries later)
   * @throws io.hybridgraph.domain.port.out.RemoteGraphException when the remote refuses
   */
  void prepare();
}
