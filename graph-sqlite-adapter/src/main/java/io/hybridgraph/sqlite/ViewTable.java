package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.replica.ViewRule;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * This device's view of the graph: the rows of {@code memory_graph}, in exactly the Python memory
 * service's shape. Rows the domain does not model are never written over or deleted here; rows that
 * cannot be read are set aside when met. The caller holds the database lock and, for writes, the
 * transaction.
 */
final class ViewTable {

  private final Statements sql;
  private final SetAside setAside;

  ViewTable(SqliteSession session, SetAside setAside) {
    this.sql = session.sql();
    this.setAside = setAside;
  }

  /** The row the view's table holds at {@code key}, as this project reads it. */
  Optional<ViewRow> row(RowKey key) throws SQLException {
    return row(key.source().value(), key.target().value());
  }

  /** The row the view's table holds at a key given as text, which may name no valid row. */
  Optional<ViewRow> row(String source, String target) throws SQLException {
    sql.selectAssociation.setString(1, source);
    sql.selectAssociation.setString(2, target);
    try (ResultSet rs = sql.selectAssociation.executeQuery()) {
      return rs.next() ? Optional.of(ViewRow.read(rs)) : Optional.empty();
    }
  }

  /**
   * Sets the row at a key given as text aside when it cannot be read (a key no row of the domain
   * can have, such as a self-loop); a row kept local or absent is left alone.
   */
  void setAsideIfUnreadable(String source, String target) throws SQLException {
    Optional<ViewRow> row = row(source, target);
    if (row.isPresent() && row.get() instanceof ViewRow.Unreadable bad) {
      setAside.viewRow(bad.source(), bad.target(), bad.reason());
    }
  }

  /**
   * What the table holds at {@code key} for the view rule; a row that cannot be read is set aside
   * (and counts as taken).
   */
  ViewRule.Slot slot(RowKey key) throws SQLException {
    Optional<ViewRow> row = row(key);
    if (row.isEmpty()) {
      return ViewRule.Slot.empty();
    }
    if (row.get() instanceof ViewRow.Unreadable bad) {
      setAside.viewRow(bad.source(), bad.target(), bad.reason());
    }
    return row.get().slot();
  }

  /**
   * Makes the table hold {@code row} at {@code key}, or nothing when it is empty. The caller has
   * made sure no row the domain does not model is there.
   */
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
}
