package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.RowKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection of a store and what serialises work on it: the database lock, the prepared
 * statements, the IMMEDIATE transaction with the capture guard, and the query and write wrappers
 * every port goes through. Owns the traversal index too, since a committed write must reach it
 * before the lock is released.
 *
 * <p>Before each operation, when another connection changed the file since the last look ({@code
 * PRAGMA data_version}), the session runs the catch-up set once at opening. After each committed
 * write it brings the traversal index up to date with the view rows the write changed.
 *
 * <p>Thread-safe: every operation holds the database lock; traversals hold only the index's lock.
 */
final class SqliteSession implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SqliteSession.class);

  /** Work on the connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run() throws SQLException;
  }

  /** Work on the connection that returns nothing. */
  @FunctionalInterface
  interface SqlAction {
    void run() throws SQLException;
  }

  /**
   * An {@link SQLException} carried through work that cannot declare it (a domain callback); the
   * wrappers report it as they report the exception itself.
   */
  static final class UncheckedSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedSqlException(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }

  /** The result of a write and the view rows it changed, for the traversal index. */
  record Outcome<T>(T value, Map<RowKey, Optional<Association>> shown) {
    static <T> Outcome<T> of(T value) {
      return new Outcome<>(value, Map.of());
    }
  }

  private final Path file;
  private final Clock wall;
  private final Connection connection;
  private final Statements sql;
  private final TraversalIndex index = new TraversalIndex();
  private final ReentrantLock lock = new ReentrantLock();
  private SqlAction catchUp = () -> {};
  private long dataVersion = -1;
  private boolean closed;

  SqliteSession(Path file, Clock wall, Connection connection) throws SQLException {
    this.file = file;
    this.wall = wall;
    this.connection = connection;
    this.sql = new Statements(connection);
  }

  /** The wall clock for queue times and log ages. */
  Clock wall() {
    return wall;
  }

  Connection connection() {
    return connection;
  }

  Statements sql() {
    return sql;
  }

  TraversalIndex index() {
    return index;
  }

  /**
   * Sets what to run before an operation when another connection changed the file. Set once, at
   * opening, before the store is shared.
   */
  void catchUpWith(SqlAction action) {
    catchUp = Objects.requireNonNull(action, "action");
  }

  /** Runs {@code work} holding the database lock, without the catch-up (used at opening). */
  <T> T locked(SqlWork<T> work) throws SQLException {
    lock.lock();
    try {
      return work.run();
    } finally {
      lock.unlock();
    }
  }

  /** Reads after catching up with changes other connections made to the file. */
  <T> T query(SqlWork<T> work) {
    lock.lock();
    try {
      ensureOpen();
      catchUp(false);
      return work.run();
    } catch (SQLException e) {
      throw failure("reading the graph", e);
    } catch (UncheckedSqlException e) {
      throw failure("reading the graph", e.getCause());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Catches up with changes other connections made, then runs {@code work} in one transaction and
   * brings the traversal index up to date with the states it produced.
   */
  <T> T write(SqlWork<Outcome<T>> work) {
    lock.lock();
    try {
      ensureOpen();
      catchUp(false);
      Outcome<T> outcome = inTransaction(work);
      index.apply(outcome.shown());
      return outcome.value();
    } catch (SQLException e) {
      throw failure("writing the graph", e);
    } catch (UncheckedSqlException e) {
      throw failure("writing the graph", e.getCause());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs the catch-up when the file changed under another connection since the last look, or always
   * when {@code force}. The caller holds the database lock.
   */
  void catchUp(boolean force) throws SQLException {
    long version = currentDataVersion();
    if (!force && version == dataVersion) {
      return;
    }
    dataVersion = version;
    catchUp.run();
  }

  /** Catches up with changes other connections made, for a traversal about to read the index. */
  void catchUp() {
    lock.lock();
    try {
      ensureOpen();
      catchUp(false);
    } catch (SQLException e) {
      throw failure("reading the graph", e);
    } catch (UncheckedSqlException e) {
      throw failure("reading the graph", e.getCause());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code work} in one IMMEDIATE transaction with the capture guard held, so this store's own
   * writes to {@code memory_graph} are not captured as foreign ones. The caller holds the lock.
   */
  <T> T inTransaction(SqlWork<T> work) throws SQLException {
    sql.begin.execute();
    try {
      sql.guardOn.execute();
      T result = work.run();
      sql.guardOff.execute();
      sql.commit.execute();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        sql.rollback.execute();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    }
  }

  /** The single number a query of one row and one column answers (0 for no row). */
  long count(String query) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private long currentDataVersion() throws SQLException {
    try (ResultSet rs = sql.dataVersion.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("graph store " + file + " is closed");
    }
  }

  IllegalStateException failure(String doing, SQLException e) {
    return new IllegalStateException(doing + " in " + file + " failed: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        sql.close();
        connection.close();
      }
    } catch (SQLException e) {
      log.warn("Closing {} failed: {}", file, e.getMessage());
    } finally {
      lock.unlock();
    }
  }
}
