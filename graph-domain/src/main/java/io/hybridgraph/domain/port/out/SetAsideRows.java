package io.hybridgraph.domain.port.out;

import java.util.List;
import java.util.Optional;

/**
 * Rows of the local store that could not be read (a self-loop left by an older build, a value
 * another program wrote that no association can hold): set aside with the reason, so that they
 * never stop the store from opening, a query or sync. Counted, listed, and removable by a person.
 */
public interface SetAsideRows {

  /** Where a set-aside row was found. */
  enum Origin {
    /**
     * A row of this device's view ({@code memory_graph}): it stays in the table, left as it is and
     * skipped by every query, until removed.
     */
    VIEW,
    /**
     * A row of the replicated state: moved out of it into the set-aside entry, which holds its
     * columns as they were.
     */
    REPLICA,
    /** An entry of the outbox: it left the queue. */
    OUTBOX
  }

  /**
   * One set-aside row.
   *
   * @param id the entry, to remove it by
   * @param source the row's source text, as found
   * @param target the row's target text, as found
   * @param content the row's columns as found (JSON) when the row left its table
   */
  record Entry(
      long id,
      Origin origin,
      String source,
      String target,
      String reason,
      long setAsideAtMillis,
      Optional<String> content) {}

  /** How many rows are set aside. */
  long count();

  /** Up to {@code limit} entries, oldest first. */
  List<Entry> list(int limit);

  /**
   * Removes an entry and the bad row: for a {@link Origin#VIEW} row, the row is deleted from {@code
   * memory_graph} (not replicated: it was never synced); for the other origins the entry holds the
   * only remaining copy. False when there is no such entry.
   */
  boolean remove(long id);
}
