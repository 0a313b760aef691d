package io.hybridgraph.sqlite;

import io.hybridgraph.domain.graph.AdjacencyIndex;
import io.hybridgraph.domain.graph.GraphSnapshot;
import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.RowKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The in-memory adjacency of {@code memory_graph} that traversals run on, kept in step with the
 * table by the session. Thread-safe: traversals share a read lock, updates take the write lock.
 */
final class TraversalIndex {

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

  /** Shows these rows as they are now in the table (empty: no row). */
  void apply(Map<RowKey, Optional<Association>> rows) {
    if (rows.isEmpty()) {
      return;
    }
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
   * Replaces the whole index with the rows of {@code memory_graph}. Rows kept local are left out;
   * rows that cannot be read are left out and set aside.
   */
  void rebuild(Connection connection, SetAside setAside) throws SQLException {
    List<ViewRow.Unreadable> unreadable = new ArrayList<>();
    lock.writeLock().lock();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT " + RowCodec.ASSOCIATION_COLUMNS + " FROM memory_graph")) {
      index.clear();
      while (rs.next()) {
        ViewRow row = ViewRow.read(rs);
        if (row instanceof ViewRow.Readable readable) {
          index.put(readable.association());
        } else if (row instanceof ViewRow.Unreadable bad) {
          unreadable.add(bad);
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    for (ViewRow.Unreadable bad : unreadable) {
      setAside.viewRow(bad.source(), bad.target(), bad.reason());
    }
  }
}
