package io.hybridgraph.sync.port.in;

/** Receives sync events. Called on sync threads: return quickly and never throw. */
@FunctionalInterface
public interface SyncListener {

  void onEvent(SyncEvent event);
}
