package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.RelationshipType;
import io.hybridgraph.domain.replica.ViewRule;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of {@code memory_graph} as this project reads it: an association of the domain, a row the
 * domain does not model (an entity link, an unknown or empty relationship type), kept local and
 * never touched, or a row of a modelled type that cannot be read (a self-loop, a value no
 * association holds), set aside. Only the first takes part in queries and sync.
 */
sealed interface ViewRow {

  /** An association of the domain. */
  record Readable(Association association) implements ViewRow {}

  /** A row of a type the domain does not model, as written ({@code ""} for an empty type). */
  record KeptLocal(String type) implements ViewRow {}

  /** A row of a modelled type that cannot be read, with its key as found and the reason. */
  record Unreadable(String source, String target, String reason) implements ViewRow {}

  /** What the view's table holds at this row's place, for the view rule. */
  default ViewRule.Slot slot() {
    return this instanceof Readable readable
        ? ViewRule.Slot.holding(readable.association())
        : ViewRule.Slot.keptLocal();
  }

  /**
   * Reads the current row of a result with {@link RowCodec#ASSOCIATION_COLUMNS}. A NULL type is
   * {@code related}, the column's default.
   */
  static ViewRow read(ResultSet rs) throws SQLException {
    String type = rs.getString(3);
    if (type != null && !isModelled(type)) {
      return new KeptLocal(type);
    }
    try {
      return new Readable(RowCodec.readAssociation(rs));
    } catch (IllegalArgumentException e) {
      return new Unreadable(rs.getString(1), rs.getString(2), e.getMessage());
    }
  }

  /** Whether {@code type} names one of the domain's relationship types. */
  static boolean isModelled(String type) {
    try {
      RelationshipType.parse(type);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
