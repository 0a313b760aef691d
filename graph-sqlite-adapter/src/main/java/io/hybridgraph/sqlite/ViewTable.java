package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.replica.PairState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * This device's view of the graph: the rows of {@code memory_graph}, in exactly the Python memory
 * service's shape, showing what the replicated state makes visible. The caller holds the database
 * lock and, for writes, the transaction.
 */
final class ViewTable {

  private final Statements sql;

  ViewTable(SqliteSession session) {
    this.sql = session.sql();
  }

  /**
   * The row the view holds at {@code key}.
   *
   * @throws IllegalArgumentException when the row cannot be read (an unknown relationship type)
   */
  Optional<Association> row(RowKey key) throws SQLException {
    sql.selectAssociation.setString(1, key.source().value());
    sql.selectAssociation.setString(2, key.target().value());
    try (ResultSet rs = sql.selectAssociation.executeQuery()) {
      return RowCodec.readOptional(rs);
    }
  }

  /** Makes the view hold {@code row} at {@code key}, or nothing when it is empty. */
  void show(RowKey key, Optional<Association> row) throws SQLException {
    if (row.isPresent()) {
      RowCodec.bindAssociation(sql.upsertView, 1, row.get());
      sql.upsertView.executeUpdate();
    } else {
      sql.deleteView.setString(1, key.source().value());
      sql.deleteView.setString(2, key.target().value());
      sql.deleteView.executeUpdate();
    }
  }

  /**
   * Rewrites the rows of a pair whose visible state changed from {@code before} to {@code after};
   * whether any changed.
   */
  boolean apply(PairState before, PairState after) throws SQLException {
    boolean changed = false;
    for (RowKey key : List.of(after.pair().forward(), after.pair().backward())) {
      Optional<Association> was = before.visible(key);
      Optional<Association> now = after.visible(key);
      if (!was.equals(now)) {
        show(key, now);
        changed = true;
      }
    }
    return changed;
  }
}
