package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.replica.MemoryCatalog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Python memory service's {@code memories} table on the same file, read only: whether the file
 * has one (with a {@code content_hash} column), whether a memory has a row there (live or
 * soft-deleted, by the table's unique index on {@code content_hash}), and which memories arrived
 * since the last look (by rowid, which that table's {@code AUTOINCREMENT} key only ever raises). A
 * file may gain the table after opening, so it is looked for again whenever another connection
 * changed the file. The caller holds the database lock.
 */
final class MemoriesTable implements MemoryCatalog {

  private static final Logger log = LoggerFactory.getLogger(MemoriesTable.class);

  /** Watermark before the first look: every awaited memory is checked once. */
  private static final long UNSEEN = -1;

  private final SqliteSession session;
  private boolean present;
  private boolean byRowid = true;
  private PreparedStatement has;
  private long watermark = UNSEEN;

  MemoriesTable(SqliteSession session) {
    this.session = session;
  }

  /** Looks again whether the file has the table (after another connection changed the file). */
  void refresh() throws SQLException {
    closeStatement();
    boolean was = present;
    present =
        session.count(
                "SELECT count(*) FROM sqlite_master m JOIN pragma_table_info('memories') c"
                    + " WHERE m.type = 'table' AND m.name = 'memories'"
                    + " AND c.name = 'content_hash'")
            > 0;
    if (present != was) {
      watermark = UNSEEN;
      log.debug("The file {} a memories table", present ? "has" : "has no");
    }
  }

  @Override
  public boolean present() {
    return present;
  }

  @Override
  public boolean has(MemoryHash memory) {
    if (!present) {
      return false;
    }
    try {
      if (has == null) {
        has =
            session
                .connection()
                .prepareStatement("SELECT 1 FROM memories WHERE content_hash = ? LIMIT 1");
      }
      has.setString(1, memory.value());
      try (ResultSet rs = has.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new SqliteSession.UncheckedSqlException(e);
    }
  }

  /**
   * The memories that arrived since the last call, or empty when that cannot be told (the first
   * call since the table appeared, or a table without rowids): then every awaited memory must be
   * checked.
   */
  Optional<List<MemoryHash>> arrivals() throws SQLException {
    if (!present) {
      return Optional.of(List.of());
    }
    if (watermark == UNSEEN || !byRowid) {
      try {
        watermark = session.count("SELECT coalesce(max(rowid), 0) FROM memories");
      } catch (SQLException e) {
        byRowid = false;
      }
      return Optional.empty();
    }
    List<MemoryHash> arrived = new ArrayList<>();
    try (PreparedStatement ps =
        session
            .connection()
            .prepareStatement(
                "SELECT rowid, content_hash FROM memories WHERE rowid > ? ORDER BY rowid")) {
      ps.setLong(1, watermark);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          watermark = Math.max(watermark, rs.getLong(1));
          try {
            arrived.add(MemoryHash.of(rs.getString(2)));
          } catch (IllegalArgumentException e) {
            // not a hash any association could name
          }
        }
      }
    }
    return Optional.of(arrived);
  }

  private void closeStatement() throws SQLException {
    if (has != null) {
      has.close();
      has = null;
    }
  }
}
