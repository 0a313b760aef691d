package io.hybridgraph.sqlite;

import io.hybridgraph.domain.graph.AdjacencyIndex;
import io.hybridgraph.domain.graph.GraphSnapshot;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.replica.PairState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory adjacency of {@code memory_graph} that traversals run on, kept in step with the
 * table by the session. Thread-safe: traversals share a read lock, updates take the write lock.
 */
final class TraversalIndex {

  private static final Logger log = LoggerFactory.getLogger(TraversalIndex.class);

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final AdjacencyIndex index = new AdjacencyIndex();

  /** Runs {@code reader} against the index, which no update changes meanwhile. */
  <T> T read(Function<GraphSnapshot, T> reader) {
    lock.readLock().lock();
    try {
      return reader.apply(index);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Rows in the index. */
  long rowCount() {
    lock.readLock().lock();
    try {
      return index.rowCount();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Shows what each of these pair states makes visible. */
  void apply(List<PairState> states) {
    if (states.isEmpty()) {
      return;
    }
    lock.writeLock().lock();
    try {
      for (PairState state : states) {
        for (RowKey key : List.of(state.pair().forward(), state.pair().backward())) {
          show(key, state.visible(key));
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Shows these rows as they are now in the table (empty: no row). */
  void apply(Map<RowKey, Optional<Association>> rows) {
    lock.writeLock().lock();
    try {
      rows.forEach(this::show);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void show(RowKey key, Optional<Association> row) {
    if (row.isPresent()) {
      index.put(row.get());
    } else {
      index.remove(key);
    }
  }

  /**
   * Replaces the whole index with the rows of {@code memory_graph}; unreadable rows are left out.
   */
  void rebuild(Connection connection) throws SQLException {
    lock.writeLock().lock();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT " + RowCodec.ASSOCIATION_COLUMNS + " FROM memory_graph")) {
      index.clear();
      while (rs.next()) {
        try {
          index.put(RowCodec.readAssociation(rs));
        } catch (IllegalArgumentException e) {
          log.warn("Leaving a memory_graph row out of traversals: {}", e.getMessage());
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
