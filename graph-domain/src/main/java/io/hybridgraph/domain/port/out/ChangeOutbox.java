package io.hybridgraph.domain.port.out;

import io.hybridgraph.domain.model.RowKey;
import java.util.Collection;
import java.util.List;

/**
 * The durable queue of rows changed on this device and not yet acknowledged by the cloud. One entry
 * per row: changing a row again while it waits replaces its entry, so several changes to one row
 * collapse to the latest.
 */
public interface ChangeOutbox {

  /** One waiting row; {@code sequence} identifies this particular change of it. */
  record Entry(long sequence, RowKey key, long enqueuedAtMillis) {}

  /** Up to {@code limit} waiting entries, oldest first. */
  List<Entry> peek(int limit);

  /**
   * Removes entries the cloud acknowledged. An entry whose row changed again since it was peeked
   * (its sequence moved on) stays queued.
   */
  void acknowledge(Collection<Entry> entries);

  /** How many rows wait. */
  long depth();
}
