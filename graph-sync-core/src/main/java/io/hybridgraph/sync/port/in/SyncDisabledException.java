package io.hybridgraph.sync.port.in;

/**
 * A sync operation was asked of a device whose sync is off. The message says what to set to turn it
 * on. A wrong state for the request, not a failure of the device: callers answer it as a conflict
 * and keep going.
 */
public final class SyncDisabledException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public SyncDisabledException(String howToEnable) {
    super(howToEnable);
  }
}
