package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.PairLedger;
import io.hybridgraph.domain.replica.PairChange;
import io.hybridgraph.domain.replica.PairState;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.Hlc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The pair-writing transaction ({@link PairLedger}): loads a pair's replicated state from {@code
 * graph_sync_replica}, and persists what the domain decided for it — the replicated rows, the view
 * rows that became visible or hidden, the view log, and for this device's own writes the outbox —
 * in one transaction, after which the traversal index shows the new states.
 */
final class PairWrites implements PairLedger {

  private final SqliteSession session;
  private final Statements sql;
  private final ViewTable view;
  private final ViewLog viewLog;
  private final SqliteChangeOutbox outbox;

  PairWrites(SqliteSession session, ViewTable view, ViewLog viewLog, SqliteChangeOutbox outbox) {
    this.session = session;
    this.sql = session.sql();
    this.view = view;
    this.viewLog = viewLog;
    this.outbox = outbox;
  }

  @Override
  public Optional<Hlc> latestClock() {
    return session.query(
        () -> {
          try (Statement st = session.connection().createStatement();
              ResultSet rs = st.executeQuery("SELECT max(hlc) FROM graph_sync_replica")) {
            String max = rs.next() ? rs.getString(1) : null;
            return max == null ? Optional.empty() : Optional.of(Hlc.parse(max));
          }
        });
  }

  @Override
  public <T> T inTransaction(Function<Transaction, T> work) {
    return session.write(
        () -> {
          SqlTransaction tx = new SqlTransaction();
          T value = work.apply(tx);
          return new SqliteSession.Outcome<>(value, tx.states);
        });
  }

  /** The replicated state of a pair as stored. The caller holds the lock. */
  PairState load(PairKey pair) throws SQLException {
    List<ReplicatedRow> rows = new ArrayList<>(2);
    sql.selectPair.setString(1, pair.low().value());
    sql.selectPair.setString(2, pair.high().value());
    sql.selectPair.setString(3, pair.high().value());
    sql.selectPair.setString(4, pair.low().value());
    try (ResultSet rs = sql.selectPair.executeQuery()) {
      while (rs.next()) {
        rows.add(RowCodec.readReplicated(rs));
      }
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

  /** The transaction handed to the domain; collects the states the traversal index must show. */
  private final class SqlTransaction implements Transaction {

    private final List<PairState> states = new ArrayList<>();

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
              pairs.add(RowKey.of(rs.getString(1), rs.getString(2)).pair());
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
        applyView(change);
      } catch (SQLException e) {
        throw new SqliteSession.UncheckedSqlException(e);
      }
    }

    @Override
    public void persistMerged(PairChange change) {
      try {
        upsert(change);
        applyView(change);
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

    private void applyView(PairChange change) throws SQLException {
      if (view.apply(change.before(), change.after())) {
        viewLog.record(change.pair());
      }
      states.add(change.after());
    }
  }
}
