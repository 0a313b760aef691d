package io.hybridgraph.domain.port.out;

import io.hybridgraph.domain.model.RowKey;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The durable queue of rows changed on this device and not yet acknowledged by the cloud. One entry
 * per row: changing a row again while it waits replaces its entry (new sequence, attempts reset),
 * so several changes to one row collapse to the latest. Entries are matched by sequence, so
 * acknowledging or failing an entry never touches a newer change of the same row.
 */
public interface ChangeOutbox {

  /** One waiting row; {@code sequence} identifies this particular change of it. */
  record Entry(
      long sequence, RowKey key, long enqueuedAtMillis, int attempts, Optional<String> lastError) {}

  /** A row set aside after repeated failures or a rejection, with the reason. */
  record Parked(
      RowKey key, long enqueuedAtMillis, long parkedAtMillis, int attempts, String reason) {}

  /**
   * Queue figures for status: pending and parked rows, the oldest pending change, the next retry.
   */
  record Stats(
      long pending,
      long parked,
      OptionalLong oldestPendingMillis,
      OptionalLong nextAttemptMillis) {}

  /**
   * Up to {@code limit} pending entries due at {@code nowMillis}, oldest first; parked excluded.
   */
  List<Entry> peekDue(int limit, long nowMillis);

  /** Removes entries the cloud acknowledged. */
  void acknowledge(Collection<Entry> entries);

  /** Counts a failed attempt for each entry and holds it back until {@code nextAttemptMillis}. */
  void retryLater(Collection<Entry> entries, String reason, long nextAttemptMillis);

  /** Sets entries aside with a reason; they stay until unparked, never dropped. */
  void park(Collection<Entry> entries, String reason);

  /** Returns every parked entry to the queue with its attempts reset; how many. */
  int unparkAll();

  /** Up to {@code limit} parked rows, oldest first. */
  List<Parked> parked(int limit);

  Stats stats();

  /** How many rows wait, parked ones included. */
  long depth();
}
