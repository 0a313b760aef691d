package io.hybridgraph.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridgraph.domain.port.out.SetAsideRows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SetAsideRows} on {@code graph_sync_set_aside}: rows that cannot be read, wherever they
 * were found, put where they stop nothing. A view row stays in {@code memory_graph} (queries skip
 * it) and is noted; a replicated row moves out of {@code graph_sync_replica} into its entry, its
 * columns kept as JSON; an outbox entry leaves the queue. Each is logged once, when set aside.
 *
 * <p>The recording methods write at once, in the caller's transaction if one is open, else on their
 * own; the caller holds the database lock and no open result over the table concerned.
 */
final class SetAside implements SetAsideRows {

  private static final Logger log = LoggerFactory.getLogger(SetAside.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SqliteSession session;
  private final Clock wall;

  SetAside(SqliteSession session) {
    this.session = session;
    this.wall = session.wall();
  }

  /** Notes an unreadable row of {@code memory_graph}; the row stays where it is. */
  void viewRow(String source, String target, String reason) throws SQLException {
    if (record(Origin.VIEW, source, target, reason, Optional.empty())) {
      log.warn(
          "Set aside memory_graph row ({}, {}), left as it is and skipped: {}",
          source,
          target,
          reason);
    }
  }

  /** Moves an unreadable row out of {@code graph_sync_replica}; {@code content} is its columns. */
  void replicaRow(String source, String target, String reason, String content) throws SQLException {
    record(Origin.REPLICA, source, target, reason, Optional.of(content));
    try (PreparedStatement ps =
        session
            .connection()
            .prepareStatement(
                "DELETE FROM graph_sync_replica WHERE source_hash = ? AND target_hash = ?")) {
      ps.setString(1, source);
      ps.setString(2, target);
      ps.executeUpdate();
    }
    log.warn("Set aside replicated row ({}, {}), out of sync from now: {}", source, target, reason);
  }

  /** Takes an outbox entry whose row cannot be named out of the queue. */
  void outboxEntry(long sequence, String source, String target, String reason) throws SQLException {
    record(Origin.OUTBOX, source, target, reason, Optional.empty());
    try (PreparedStatement ps =
        session.connection().prepareStatement("DELETE FROM graph_sync_outbox WHERE seq = ?")) {
      ps.setLong(1, sequence);
      ps.executeUpdate();
    }
    log.warn("Set aside outbox entry ({}, {}), never sent: {}", source, target, reason);
  }

  /** The columns of the current row of {@code rs} as a JSON object, for an entry's content. */
  static String columnsJson(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    Map<String, Object> columns = new LinkedHashMap<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      columns.put(meta.getColumnLabel(i), rs.getString(i));
    }
    try {
      return JSON.writeValueAsString(columns);
    } catch (JsonProcessingException e) {
      return String.valueOf(columns);
    }
  }

  /** Records an entry; false when the row was already set aside. */
  private boolean record(
      Origin origin, String source, String target, String reason, Optional<String> content)
      throws SQLException {
    try (PreparedStatement ps =
        session
            .connection()
            .prepareStatement(
                "INSERT INTO graph_sync_set_aside (origin, source_hash, target_hash, reason,"
                    + " content, set_aside_at) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (origin, source_hash, target_hash) DO UPDATE SET"
                    + " reason = excluded.reason,"
                    + " content = coalesce(excluded.content, graph_sync_set_aside.content)"
                    + " WHERE graph_sync_set_aside.reason IS NOT excluded.reason"
                    + " OR excluded.content IS NOT NULL")) {
      ps.setString(1, origin.name().toLowerCase(Locale.ROOT));
      ps.setString(2, String.valueOf(source));
      ps.setString(3, String.valueOf(target));
      ps.setString(4, reason);
      ps.setString(5, content.orElse(null));
      ps.setLong(6, wall.millis());
      return ps.executeUpdate() > 0;
    }
  }

  @Override
  public long count() {
    return session.query(() -> session.count("SELECT count(*) FROM graph_sync_set_aside"));
  }

  @Override
  public List<Entry> list(int limit) {
    Keyset.requirePositive(limit);
    return session.query(
        () -> {
          List<Entry> entries = new ArrayList<>();
          try (PreparedStatement ps =
              session
                  .connection()
                  .prepareStatement(
                      "SELECT id, origin, source_hash, target_hash, reason, set_aside_at, content"
                          + " FROM graph_sync_set_aside ORDER BY id LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                entries.add(
                    new Entry(
                        rs.getLong(1),
                        Origin.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getLong(6),
                        Optional.ofNullable(rs.getString(7))));
              }
            }
          }
          return entries;
        });
  }

  @Override
  public boolean remove(long id) {
    return session.write(
        () -> {
          Optional<String[]> found = find(id);
          if (found.isEmpty()) {
            return SqliteSession.Outcome.of(false);
          }
          String[] entry = found.get();
          if (Origin.VIEW.name().toLowerCase(Locale.ROOT).equals(entry[0])) {
            try (PreparedStatement ps =
                session
                    .connection()
                    .prepareStatement(
                        "DELETE FROM memory_graph WHERE source_hash = ? AND target_hash = ?")) {
              ps.setString(1, entry[1]);
              ps.setString(2, entry[2]);
              ps.executeUpdate();
            }
          }
          try (PreparedStatement ps =
              session
                  .connection()
                  .prepareStatement("DELETE FROM graph_sync_set_aside WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
          }
          log.info("Removed set-aside {} row ({}, {})", entry[0], entry[1], entry[2]);
          return SqliteSession.Outcome.of(true);
        });
  }

  /** Origin, source and target of an entry. */
  private Optional<String[]> find(long id) throws SQLException {
    try (PreparedStatement ps =
        session
            .connection()
            .prepareStatement(
                "SELECT origin, source_hash, target_hash FROM graph_sync_set_aside WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
            : Optional.empty();
      }
    }
  }
}
