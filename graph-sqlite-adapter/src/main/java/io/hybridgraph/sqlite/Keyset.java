package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.RowKey;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/** Keyset paging by row key, shared by every table read page by page. */
final class Keyset {

  private Keyset() {}

  /**
   * Binds the key to start after, when there is one, as the first two parameters; returns the index
   * of the next parameter.
   */
  static int bindAfter(PreparedStatement ps, Optional<RowKey> after) throws SQLException {
    if (after.isEmpty()) {
      return 1;
    }
    ps.setString(1, after.get().source().value());
    ps.setString(2, after.get().target().value());
    return 3;
  }

  static void requirePositive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }
}
