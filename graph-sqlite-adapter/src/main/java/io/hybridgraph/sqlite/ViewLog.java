package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The log of view changes in {@code graph_sync_view_log}, through which several stores open on one
 * file (a server and a command line) keep their traversal indexes in step: each store notes the
 * pairs whose view rows it changed, and follows what the others noted. Entries older than an hour
 * are pruned; a store that fell further behind rebuilds its index whole. The caller holds the
 * database lock.
 */
final class ViewLog {

  private static final long RETENTION_MILLIS = 3_600_000;
  private static final int PRUNE_EVERY = 10_000;

  private final SqliteSession session;
  private final Statements sql;
  private final Clock wall;
  private final ViewTable view;
  private final SetAside setAside;
  private final TraversalIndex index;
  private long lastSeq;
  private int writes;

  ViewLog(SqliteSession session, ViewTable view, SetAside setAside) {
    this.session = session;
    this.sql = session.sql();
    this.wall = session.wall();
    this.view = view;
    this.setAside = setAside;
    this.index = session.index();
  }

  /** Notes that a pair's view rows changed, for other stores open on the same file. */
  void record(PairKey pair) throws SQLException {
    sql.logView.setString(1, pair.low().value());
    sql.logView.setString(2, pair.high().value());
    sql.logView.setLong(3, wall.millis());
    sql.logView.executeUpdate();
    if (++writes % PRUNE_EVERY == 0) {
      prune();
    }
  }

  /** Drops entries older than the retention. */
  void prune() throws SQLException {
    try (PreparedStatement ps =
        session
            .connection()
            .prepareStatement("DELETE FROM graph_sync_view_log WHERE logged_at < ?")) {
      ps.setLong(1, wall.millis() - RETENTION_MILLIS);
      ps.executeUpdate();
    }
  }

  /** Marks every entry so far as seen, for an index just built from the whole table. */
  void skipToEnd() throws SQLException {
    lastSeq = session.count("SELECT coalesce(max(seq), 0) FROM graph_sync_view_log");
  }

  /**
   * Brings the traversal index up to date with view changes that other stores on the same file made
   * since this one last looked; rebuilds it whole when the log was pruned past that point.
   */
  void follow() throws SQLException {
    long oldest = session.count("SELECT coalesce(min(seq), 0) FROM graph_sync_view_log");
    long newest = session.count("SELECT coalesce(max(seq), 0) FROM graph_sync_view_log");
    if (newest <= lastSeq) {
      return;
    }
    if (oldest > lastSeq + 1) {
      index.rebuild(session.connection(), setAside);
      lastSeq = newest;
      return;
    }
    Set<PairKey> pairs = new LinkedHashSet<>();
    try (PreparedStatement ps =
        session
            .connection()
            .prepareStatement(
                "SELECT source_hash, target_hash FROM graph_sync_view_log"
                    + " WHERE seq > ? AND seq <= ?")) {
      ps.setLong(1, lastSeq);
      ps.setLong(2, newest);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          try {
            pairs.add(RowKey.of(rs.getString(1), rs.getString(2)).pair());
          } catch (IllegalArgumentException e) {
            // no store logs a key no pair can have; nothing to follow
          }
        }
      }
    }
    Map<RowKey, Optional<Association>> rows = new LinkedHashMap<>();
    for (PairKey pair : pairs) {
      for (RowKey key : List.of(pair.forward(), pair.backward())) {
        Optional<ViewRow> row = view.row(key);
        rows.put(
            key,
            row.isPresent() && row.get() instanceof ViewRow.Readable readable
                ? Optional.of(readable.association())
                : Optional.empty());
      }
    }
    index.apply(rows);
    lastSeq = newest;
  }
}
