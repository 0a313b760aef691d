package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.ReplicaStore;
import io.hybridgraph.domain.replica.DeviceReplica;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.RowDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * device clock.
 */
final class SqliteReplicaStore implements ReplicaStore {

  private final SqliteSession session;
  private final Statements sql;
  private final DeviceReplica replica;

  SqliteReplicaStore(SqliteSession session, DeviceReplica replica) {
    this.session = session;
    this.sql = session.sql();
    this.replica = replica;
  }

  @Override
  public List<ReplicatedRow> merge(
      Collection<ReplicatedRow> rows, Map<String, String> stateUpdates) {
    return replica.merge(rows, stateUpdates);
  }

  @Override
  public List<ReplicatedRow> rows(Optional<RowKey> after, int limit) {
    Keyset.requirePositive(limit);
    return session.query(
        () -> {
          PreparedStatement ps = after.isPresent() ? sql.replicaPageAfter : sql.replicaPageFirst;
          int next = Keyset.bindAfter(ps, after);
          ps.setInt(next, limit);
          List<ReplicatedRow> page = new ArrayList<>(Math.min(limit, 1024));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              page.add(RowCodec.readReplicated(rs));
            }
          }
          return page;
        });
  }

  @Override
  public List<ReplicatedRow> rows(Collection<RowKey> keys) {
    return session.query(
        () -> {
          List<ReplicatedRow> found = new ArrayList<>(keys.size());
          for (RowKey key : keys) {
            sql.selectReplica.setString(1, key.source().value());
            sql.selectReplica.setString(2, key.target().value());
            try (ResultSet rs = sql.selectReplica.executeQuery()) {
              if (rs.next()) {
                found.add(RowCodec.readReplicated(rs));
              }
            }
          }
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
              while (rs.next()) {
                rows.add(RowCodec.readReplicated(rs));
              }
            }
          }
          return rows;
        });
  }
}
