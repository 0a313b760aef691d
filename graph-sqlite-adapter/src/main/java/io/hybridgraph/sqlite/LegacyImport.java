package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.replica.DeviceReplica;
import io.hybridgraph.domain.replica.PairChange;
import io.hybridgraph.domain.replica.PairState;
import io.hybridgraph.domain.replica.ViewRule;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the first open of a file (a database of the Python service, say), gives every row already in
 * {@code memory_graph} a replicated version, without queueing it: uploading an existing graph is
 * the initial sync's job. Each pair's version derives from its rows' {@code created_at} ({@link
 * DeviceReplica#importFound}), so two devices importing the same rows agree on them. Rows the
 * domain does not model are left out and left as they are; rows that cannot be read are set aside.
 * Does nothing on later opens. The caller holds the database lock.
 */
final class LegacyImport {

  private static final Logger log = LoggerFactory.getLogger(LegacyImport.class);

  private static final String LEGACY_IMPORT = "legacy_import_rows";
  private static final int PAGE = 1_000;

  private final SqliteSession session;
  private final PairWrites pairs;
  private final ViewTable view;
  private final PairView pairView;

  LegacyImport(SqliteSession session, PairWrites pairs, ViewTable view, PairView pairView) {
    this.session = session;
    this.pairs = pairs;
    this.view = view;
    this.pairView = pairView;
  }

  /** Imports the rows found in place, once per file. */
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
    long imported = 0;
    String[] after = null;
    while (true) {
      List<String[]> page = page(after);
      if (page.isEmpty()) {
        return imported;
      }
      for (String[] raw : page) {
        RowKey key;
        try {
          key = RowKey.of(raw[0], raw[1]);
        } catch (IllegalArgumentException e) {
          view.setAsideIfUnreadable(raw[0], raw[1]);
          continue;
        }
        boolean isForward = key.source().compareTo(key.target()) < 0;
        if (!isForward && view.row(key.mirror()).isPresent()) {
          continue; // the pair is imported with its forward row
        }
        if (importPair(key.pair())) {
          imported++;
        }
      }
      after = page.get(page.size() - 1);
    }
  }

  /** The next page of keys in key order, as text (a key may be no valid row). */
  private List<String[]> page(String[] after) throws SQLException {
    Statements sql = session.sql();
    PreparedStatement ps = after == null ? sql.keysFirst : sql.keysAfter;
    int next = 1;
    if (after != null) {
      ps.setString(1, after[0]);
      ps.setString(2, after[1]);
      next = 3;
    }
    ps.setInt(next, PAGE);
    List<String[]> keys = new ArrayList<>(PAGE);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        keys.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    return keys;
  }

  /** Imports one pair's readable rows; whether it had any. */
  private boolean importPair(PairKey pair) throws SQLException {
    ViewRule.Slot forward = view.slot(pair.forward());
    ViewRule.Slot backward = view.slot(pair.backward());
    PairState before = pairs.load(pair);
    Optional<PairChange> change = DeviceReplica.importFound(before, forward.row(), backward.row());
    if (change.isEmpty()) {
      return false;
    }
    pairs.upsert(change.get());
    pairView.reconcile(
        new PairView.Change(
            ViewRule.Cause.ADOPTED,
            before,
            change.get().after(),
            Map.of(pair.forward(), forward, pair.backward(), backward),
            Map.of(),
            OptionalLong.empty(),
            Set.of()));
    return true;
  }
}
