package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.replica.DeviceReplica;
import io.hybridgraph.domain.replica.PairChange;
import io.hybridgraph.domain.replica.PairState;
import io.hybridgraph.domain.replica.ReplicatedRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adopts rows that other programs write straight into {@code memory_graph} (the Python memory
 * service, a user with {@code sqlite3}) into the replicated state: rows captured by the table's
 * triggers since the last look, and on the first open of a file every row already there. Rows that
 * cannot be read (an unknown relationship type, say) are left as they are and kept out of sync,
 * with a warning. The caller holds the database lock.
 */
final class ForeignWrites {

  private static final Logger log = LoggerFactory.getLogger(ForeignWrites.class);

  private static final String LEGACY_IMPORT = "legacy_import_rows";
  private static final int IMPORT_PAGE = 1_000;

  private final SqliteSession session;
  private final Statements sql;
  private final DeviceReplica replica;
  private final PairWrites pairs;
  private final ViewTable view;
  private final ViewLog viewLog;
  private final SqliteChangeOutbox outbox;

  ForeignWrites(
      SqliteSession session,
      DeviceReplica replica,
      PairWrites pairs,
      ViewTable view,
      ViewLog viewLog,
      SqliteChangeOutbox outbox) {
    this.session = session;
    this.sql = session.sql();
    this.replica = replica;
    this.pairs = pairs;
    this.view = view;
    this.viewLog = viewLog;
    this.outbox = outbox;
  }

  /**
   * Adopts the pairs captured in {@code graph_sync_capture} in one transaction, queueing them for
   * sync, and empties the capture.
   */
  void adoptCaptured() throws SQLException {
    long last = session.count("SELECT coalesce(max(seq), 0) FROM graph_sync_capture");
    if (last == 0) {
      return;
    }
    Set<PairKey> captured = new LinkedHashSet<>();
    try (PreparedStatement ps =
        session
            .connection()
            .prepareStatement(
                "SELECT DISTINCT source_hash, target_hash FROM graph_sync_capture WHERE seq <= ?")) {
      ps.setLong(1, last);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          try {
            captured.add(RowKey.of(rs.getString(1), rs.getString(2)).pair());
          } catch (IllegalArgumentException e) {
            log.warn("Ignoring a memory_graph row that cannot be synced: {}", e.getMessage());
          }
        }
      }
    }
    List<PairState> states =
        session.inTransaction(
            () -> {
              List<PairState> adopted = new ArrayList<>();
              for (PairKey pair : captured) {
                adoptPair(pair, true).ifPresent(adopted::add);
              }
              try (PreparedStatement ps =
                  session
                      .connection()
                      .prepareStatement("DELETE FROM graph_sync_capture WHERE seq <= ?")) {
                ps.setLong(1, last);
                ps.executeUpdate();
              }
              return adopted;
            });
    session.index().apply(states);
    log.debug("Adopted {} pairs written to memory_graph by another program", states.size());
  }

  /**
   * Makes the replicated state of a pair match its {@code memory_graph} rows as the domain adopts
   * them (brought to the pair invariant), repairing the rows where they break it; {@code captured}
   * changes are queued for sync and noted in the view log. Returns the new state, or empty when a
   * row could not be read or, on import, the pair has no row.
   */
  private Optional<PairState> adoptPair(PairKey pair, boolean captured) throws SQLException {
    Optional<Association> forward;
    Optional<Association> backward;
    try {
      forward = view.row(pair.forward());
      backward = view.row(pair.backward());
    } catch (IllegalArgumentException e) {
      log.warn("Leaving pair {} out of sync: {}", pair, e.getMessage());
      return Optional.empty();
    }
    PairState before = pairs.load(pair);
    Optional<PairChange> adopted =
        captured
            ? Optional.of(replica.adopt(before, forward, backward))
            : DeviceReplica.importFound(before, forward, backward);
    if (adopted.isEmpty()) {
      return Optional.empty();
    }
    PairChange change = adopted.get();
    pairs.upsert(change);
    if (captured) {
      for (ReplicatedRow row : change.rows()) {
        outbox.enqueue(row.key());
      }
      viewLog.record(pair);
    }
    Map<RowKey, Optional<Association>> table =
        Map.of(pair.forward(), forward, pair.backward(), backward);
    for (Map.Entry<RowKey, Optional<Association>> entry : table.entrySet()) {
      Optional<Association> shown = change.after().visible(entry.getKey());
      if (!shown.equals(entry.getValue())) {
        view.show(entry.getKey(), shown);
      }
    }
    return Optional.of(change.after());
  }

  /**
   * On the first open of a file (a database of the Python service, say), gives every row already in
   * {@code memory_graph} a replicated version, without queueing it: uploading an existing graph is
   * the initial sync's job. Each pair's version derives from its rows' {@code created_at}, so two
   * devices importing the same rows agree on them. Does nothing on later opens.
   */
  void importOnFirstOpen() throws SQLException {
    if (SqliteSyncState.read(session.connection(), LEGACY_IMPORT).isPresent()) {
      return;
    }
    long imported = session.inTransaction(this::importExistingRows);
    session.inTransaction(
        () -> {
          SqliteSyncState.write(session.connection(), LEGACY_IMPORT, Long.toString(imported));
          return null;
        });
    if (imported > 0) {
      log.info("Adopted {} existing pairs of memory_graph into the replicated state", imported);
    }
  }

  private long importExistingRows() throws SQLException {
    long rows = 0;
    Optional<RowKey> after = Optional.empty();
    while (true) {
      List<RowKey> keys = new ArrayList<>(IMPORT_PAGE);
      PreparedStatement ps = after.isPresent() ? sql.keysAfter : sql.keysFirst;
      int next = Keyset.bindAfter(ps, after);
      ps.setInt(next, IMPORT_PAGE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String source = rs.getString(1);
          String target = rs.getString(2);
          try {
            keys.add(RowKey.of(source, target));
          } catch (IllegalArgumentException e) {
            log.warn(
                "Leaving memory_graph row ({}, {}) out of sync: {}",
                source,
                target,
                e.getMessage());
          }
        }
      }
      if (keys.isEmpty()) {
        return rows;
      }
      for (RowKey key : keys) {
        boolean isForward = key.source().compareTo(key.target()) < 0;
        if (!isForward && mirrorRowExists(key)) {
          continue;
        }
        if (adoptPair(key.pair(), false).isPresent()) {
          rows++;
        }
      }
      after = Optional.of(keys.get(keys.size() - 1));
    }
  }

  /** Whether the mirror of {@code key} has a row in memory_graph, readable or not. */
  private boolean mirrorRowExists(RowKey key) throws SQLException {
    sql.selectCreatedAt.setString(1, key.target().value());
    sql.selectCreatedAt.setString(2, key.source().value());
    try (ResultSet rs = sql.selectCreatedAt.executeQuery()) {
      return rs.next();
    }
  }
}
