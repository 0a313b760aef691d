package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.replica.DeviceReplica;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ReplicaStore} on {@code graph_sync_replica}, the replicated state behind the view
 * (versions and tombstones): reads it page by page, by key and by digest bucket. Merges go to the
 * domain's {@link DeviceReplica}, which decides what they change and folds their clocks into the
 * device clock. Rows that cannot be read (a self-loop left by an older build, a value no
 * association holds) are set aside when read, so that they never stop sync.
 */
final class SqliteReplicaStore implements ReplicaStore {

  private final SqliteSession session;
  private final Statements sql;
  private final DeviceReplica replica;
  private final SetAside setAside;

  SqliteReplicaStore(SqliteSession session, DeviceReplica replica, SetAside setAside) {
    this.session = session;
    this.sql = session.sql();
    this.replica = replica;
    this.setAside = setAside;
  }

  /** A replicated row that could not be read: key text, reason and columns, to set aside. */
  private record Unreadable(String source, String target, String reason, String content) {}

  /**
   * Reads every row of {@code rs} ({@link RowCodec#REPLICA_COLUMNS}) into {@code into}, unreadable
   * ones into {@code unreadable}; the key text of the last row read, if any.
   */
  private static Optional<String[]> readRows(
      ResultSet rs, List<ReplicatedRow> into, List<Unreadable> unreadable) throws SQLException {
    String[] last = null;
    while (rs.next()) {
      last = new String[] {rs.getString(1), rs.getString(2)};
      try {
        into.add(RowCodec.readReplicated(rs));
      } catch (IllegalArgumentException e) {
        unreadable.add(new Unreadable(last[0], last[1], e.getMessage(), SetAside.columnsJson(rs)));
      }
    }
    return Optional.ofNullable(last);
  }

  private void setAside(List<Unreadable> unreadable) throws SQLException {
    for (Unreadable bad : unreadable) {
      setAside.replicaRow(bad.source(), bad.target(), bad.reason(), bad.content());
    }
  }

  @Override
  public List<ReplicatedRow> merge(
      Collection<ReplicatedRow> rows, Map<String, String> stateUpdates) {
    return replica.merge(rows, stateUpdates);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Rows that cannot be read are set aside (moved out of the replicated state) and the page is
   * filled from the rows after them.
   */
  @Override
  public List<ReplicatedRow> rows(Optional<RowKey> after, int limit) {
    Keyset.requirePositive(limit);
    return session.query(
        () -> {
          List<ReplicatedRow> page = new ArrayList<>(Math.min(limit, 1024));
          Optional<String[]> cursor =
              after.map(key -> new String[] {key.source().value(), key.target().value()});
          while (page.size() < limit) {
            int wanted = limit - page.size();
            PreparedStatement ps = cursor.isPresent() ? sql.replicaPageAfter : sql.replicaPageFirst;
            int next = 1;
            if (cursor.isPresent()) {
              ps.setString(1, cursor.get()[0]);
              ps.setString(2, cursor.get()[1]);
              next = 3;
            }
            ps.setInt(next, wanted);
            List<Unreadable> unreadable = new ArrayList<>(0);
            int before = page.size();
            Optional<String[]> last;
            try (ResultSet rs = ps.executeQuery()) {
              last = readRows(rs, page, unreadable);
            }
            setAside(unreadable);
            if (page.size() - before + unreadable.size() < wanted || last.isEmpty()) {
              break;
            }
            cursor = last;
          }
          return page;
        });
  }

  @Override
  public List<ReplicatedRow> rows(Collection<RowKey> keys) {
    return session.query(
        () -> {
          List<ReplicatedRow> found = new ArrayList<>(keys.size());
          List<Unreadable> unreadable = new ArrayList<>(0);
          for (RowKey key : keys) {
            sql.selectReplica.setString(1, key.source().value());
            sql.selectReplica.setString(2, key.target().value());
            try (ResultSet rs = sql.selectReplica.executeQuery()) {
              readRows(rs, found, unreadable);
            }
          }
          setAside(unreadable);
          return found;
        });
  }

  @Override
  public long rowCount() {
    return session.query(() -> session.count("SELECT count(*) FROM graph_sync_replica"));
  }

  @Override
  public long rowCountAfter(Optional<RowKey> after) {
    if (after.isEmpty()) {
      return rowCount();
    }
    return session.query(
        () -> {
          try (PreparedStatement ps =
              session
                  .connection()
                  .prepareStatement(
                      "SELECT count(*) FROM graph_sync_replica"
                          + " WHERE (source_hash, target_hash) > (?, ?)")) {
            Keyset.bindAfter(ps, after);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getLong(1) : 0;
            }
          }
        });
  }

  @Override
  public Map<Integer, RowDigest.BucketDigest> bucketDigests() {
    return session.query(
        () -> {
          Map<Integer, RowDigest.BucketDigest> digests = new HashMap<>();
          try (Statement st = session.connection().createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT "
                          + RowDigest.BUCKET_SQL
                          + " AS bucket, count(*), sum("
                          + RowDigest.CHECKSUM_SQL
                          + ") FROM graph_sync_replica GROUP BY bucket")) {
            while (rs.next()) {
              digests.put(rs.getInt(1), new RowDigest.BucketDigest(rs.getLong(2), rs.getLong(3)));
            }
          }
          return digests;
        });
  }

  @Override
  public List<ReplicatedRow> bucketRows(int bucket) {
    return session.query(
        () -> {
          List<ReplicatedRow> rows = new ArrayList<>();
          List<Unreadable> unreadable = new ArrayList<>(0);
          try (PreparedStatement ps =
              session
                  .connection()
                  .prepareStatement(
                      "SELECT "
                          + RowCodec.REPLICA_COLUMNS
                          + " FROM graph_sync_replica WHERE "
                          + RowDigest.BUCKET_SQL
                          + " = ? ORDER BY source_hash, target_hash")) {
            ps.setInt(1, bucket);
            try (ResultSet rs = ps.executeQuery()) {
              readRows(rs, rows, unreadable);
            }
          }
          setAside(unreadable);
          return rows;
        });
  }
}
