package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.PairLedger;
import io.hybridgraph.domain.replica.PairChange;
import io.hybridgraph.domain.replica.PairState;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.ViewRule;
import io.hybridgraph.domain.version.Hlc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The pair-writing transaction ({@link PairLedger}): loads a pair's replicated state from {@code
 * graph_sync_replica}, and persists what the domain decided for it — the replicated rows, the view
 * as {@link PairView} reconciles it, and for this device's own writes the outbox — in one
 * transaction, after which the traversal index shows the new view. Replicated rows that cannot be
 * read are set aside when loaded.
 */
final class PairWrites implements PairLedger {

  private final SqliteSession session;
  private final Statements sql;
  private final PairView view;
  private final SqliteChangeOutbox outbox;
  private final SetAside setAside;

  PairWrites(SqliteSession session, PairView view, SqliteChangeOutbox outbox, SetAside setAside) {
    this.session = session;
    this.sql = session.sql();
    this.view = view;
    this.outbox = outbox;
    this.setAside = setAside;
  }

  /** The greatest readable clock of the replicated rows; unreadable clocks are passed over. */
  @Override
  public Optional<Hlc> latestClock() {
    return session.query(
        () -> {
          try (Statement st = session.connection().createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT max(hlc) FROM graph_sync_replica")) {
              String max = rs.next() ? rs.getString(1) : null;
              if (max == null) {
                return Optional.empty();
              }
              try {
                return Optional.of(Hlc.parse(max));
              } catch (IllegalArgumentException e) {
                // an unreadable row (set aside when read) holds the greatest text: look further
              }
            }
            try (ResultSet rs =
                st.executeQuery("SELECT hlc FROM graph_sync_replica ORDER BY hlc DESC")) {
              while (rs.next()) {
                try {
                  return Optional.of(Hlc.parse(rs.getString(1)));
                } catch (IllegalArgumentException e) {
                  // unreadable too
                }
              }
            }
            return Optional.empty();
          }
        });
  }

  @Override
  public <T> T inTransaction(Function<Transaction, T> work) {
    return session.write(
        () -> {
          SqlTransaction tx = new SqlTransaction();
          T value = work.apply(tx);
          return new SqliteSession.Outcome<>(value, tx.shown);
        });
  }

  /** The replicated state of a pair as stored. The caller holds the lock. */
  PairState load(PairKey pair) throws SQLException {
    List<ReplicatedRow> rows = new ArrayList<>(2);
    List<String[]> unreadable = new ArrayList<>(0);
    sql.selectPair.setString(1, pair.low().value());
    sql.selectPair.setString(2, pair.high().value());
    sql.selectPair.setString(3, pair.high().value());
    sql.selectPair.setString(4, pair.low().value());
    try (ResultSet rs = sql.selectPair.executeQuery()) {
      while (rs.next()) {
        try {
          rows.add(RowCodec.readReplicated(rs));
        } catch (IllegalArgumentException e) {
          unreadable.add(
              new String[] {
                rs.getString(1), rs.getString(2), e.getMessage(), SetAside.columnsJson(rs)
              });
        }
      }
    }
    for (String[] bad : unreadable) {
      setAside.replicaRow(bad[0], bad[1], bad[2], bad[3]);
    }
    return PairState.of(pair, rows);
  }

  /** Stores the rows of a change as they are, replacing the stored ones. The caller holds a tx. */
  void upsert(PairChange change) throws SQLException {
    for (ReplicatedRow row : change.rows()) {
      RowCodec.bindReplicated(sql.upsertReplica, 1, row);
      sql.upsertReplica.executeUpdate();
    }
  }

  /** The transaction handed to the domain; collects the view rows the traversal index must show. */
  private final class SqlTransaction implements Transaction {

    private final Map<RowKey, Optional<Association>> shown = new HashMap<>();

    @Override
    public PairState load(PairKey pair) {
      try {
        return PairWrites.this.load(pair);
      } catch (SQLException e) {
        throw new SqliteSession.UncheckedSqlException(e);
      }
    }

    @Override
    public Set<PairKey> pairsOf(MemoryHash memory) {
      try {
        Set<PairKey> pairs = new LinkedHashSet<>();
        for (PreparedStatement ps : List.of(sql.replicaKeysBySource, sql.replicaKeysByTarget)) {
          ps.setString(1, memory.value());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              try {
                pairs.add(RowKey.of(rs.getString(1), rs.getString(2)).pair());
              } catch (IllegalArgumentException e) {
                // an unreadable row: set aside when its pair is loaded, never part of a pair
              }
            }
          }
        }
        return pairs;
      } catch (SQLException e) {
        throw new SqliteSession.UncheckedSqlException(e);
      }
    }

    @Override
    public void persistLocal(PairChange change) {
      try {
        upsert(change);
        for (ReplicatedRow row : change.rows()) {
          outbox.enqueue(row.key());
        }
        shown.putAll(
            view.reconcile(
                PairView.Change.of(ViewRule.Cause.LOCAL_WRITE, change.before(), change.after())));
      } catch (SQLException e) {
        throw new SqliteSession.UncheckedSqlException(e);
      }
    }

    @Override
    public void persistMerged(PairChange change) {
      try {
        upsert(change);
        shown.putAll(
            view.reconcile(
                PairView.Change.of(ViewRule.Cause.MERGED, change.before(), change.after())));
      } catch (SQLException e) {
        throw new SqliteSession.UncheckedSqlException(e);
      }
    }

    @Override
    public void putState(String name, String value) {
      try {
        SqliteSyncState.write(session.connection(), name, value);
      } catch (SQLException e) {
        throw new SqliteSession.UncheckedSqlException(e);
      }
    }
  }
}
