package io.hybridgraph.sync.service;

import io.hybridgraph.sync.port.in.SyncEvent;
import io.hybridgraph.sync.port.in.SyncListener;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans sync events out to every registered listener; a failing listener never stops sync. */
final class SyncEvents {

  private static final Logger log = LoggerFactory.getLogger(SyncEvents.class);

  private final CopyOnWriteArrayList<SyncListener> listeners = new CopyOnWriteArrayList<>();

  /** Registers a listener; returns a handle that removes it. */
  AutoCloseable subscribe(SyncListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  void publish(SyncEvent event) {
    for (SyncListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn(
            "A sync listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
