package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.replica.PairState;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.version.HybridClock;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pair-writing transaction: loads a pair's replicated state, and persists what a write changed
 * in it — the replicated rows, the view rows that became visible or hidden, the view log, and for
 * this device's own writes the outbox — all in one transaction.
 */
final class PairWrites {

  private final SqliteSession session;
  private final Statements sql;
  private final HybridClock clock;
  private final ViewTable view;
  private final ViewLog viewLog;
  private final SqliteChangeOutbox outbox;

  PairWrites(
      SqliteSession session,
      HybridClock clock,
      ViewTable view,
      ViewLog viewLog,
      SqliteChangeOutbox outbox) {
    this.session = session;
    this.sql = session.sql();
    this.clock = clock;
    this.view = view;
    this.viewLog = viewLog;
    this.outbox = outbox;
  }

  HybridClock clock() {
    return clock;
  }

  Association store(Association association) {
    PairKey pair = association.pair();
    return session.write(
        () -> {
          PairState before = load(pair);
          List<ReplicatedRow> writes = before.store(association, clock.now());
          PairState after = persistLocal(before, writes);
          return new SqliteSession.Outcome<>(association, List.of(after));
        });
  }

  boolean delete(MemoryHash a, MemoryHash b) {
    PairKey pair = PairKey.of(a, b);
    return session.write(
        () -> {
          PairState before = load(pair);
          List<ReplicatedRow> writes = before.delete(clock.now());
          if (writes.isEmpty()) {
            return new SqliteSession.Outcome<>(false, List.of());
          }
          return new SqliteSession.Outcome<>(true, List.of(persistLocal(before, writes)));
        });
  }

  int deleteMemory(MemoryHash memory) {
    return session.write(
        () -> {
          Set<PairKey> pairs = new LinkedHashSet<>();
          for (PreparedStatement ps : List.of(sql.replicaKeysBySource, sql.replicaKeysByTarget)) {
            ps.setString(1, memory.value());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                pairs.add(RowKey.of(rs.getString(1), rs.getString(2)).pair());
              }
            }
          }
          List<PairState> changed = new ArrayList<>();
          for (PairKey pair : pairs) {
            PairState before = load(pair);
            List<ReplicatedRow> writes = before.delete(clock.now());
            if (!writes.isEmpty()) {
              changed.add(persistLocal(before, writes));
            }
          }
          return new SqliteSession.Outcome<>(changed.size(), changed);
        });
  }

  List<ReplicatedRow> merge(Collection<ReplicatedRow> rows, Map<String, String> stateUpdates) {
    if (rows.isEmpty() && stateUpdates.isEmpty()) {
      return List.of();
    }
    Map<PairKey, List<ReplicatedRow>> byPair = new LinkedHashMap<>();
    for (ReplicatedRow row : rows) {
      byPair.computeIfAbsent(row.key().pair(), k -> new ArrayList<>(2)).add(row);
    }
    return session.write(
        () -> {
          List<ReplicatedRow> changed = new ArrayList<>();
          List<PairState> states = new ArrayList<>();
          for (Map.Entry<PairKey, List<ReplicatedRow>> entry : byPair.entrySet()) {
            PairState before = load(entry.getKey());
            PairState after = before;
            List<ReplicatedRow> accepted = new ArrayList<>(2);
            for (ReplicatedRow row : entry.getValue()) {
              clock.observe(row.version().clock());
              Optional<ReplicatedRow> current = after.row(row.key());
              if (current.isEmpty() || current.get().isSupersededBy(row)) {
                after = after.merge(row);
                accepted.add(row);
              }
            }
            if (!accepted.isEmpty()) {
              for (ReplicatedRow row : accepted) {
                upsert(after.row(row.key()).orElseThrow());
              }
              applyView(before, after);
              changed.addAll(accepted);
              states.add(after);
            }
          }
          for (Map.Entry<String, String> update : stateUpdates.entrySet()) {
            SqliteSyncState.write(session.connection(), update.getKey(), update.getValue());
          }
          return new SqliteSession.Outcome<>(changed, states);
        });
  }

  /** The replicated state of a pair as stored. */
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

  /** Stores one replicated row as it is, replacing the stored one. */
  void upsert(ReplicatedRow row) throws SQLException {
    RowCodec.bindReplicated(sql.upsertReplica, 1, row);
    sql.upsertReplica.executeUpdate();
  }

  /** Applies this device's own writes: replica, view and outbox. */
  private PairState persistLocal(PairState before, List<ReplicatedRow> writes) throws SQLException {
    PairState after = before;
    for (ReplicatedRow row : writes) {
      after = after.merge(row);
    }
    for (ReplicatedRow row : writes) {
      upsert(row);
      outbox.enqueue(row.key());
    }
    applyView(before, after);
    return after;
  }

  private void applyView(PairState before, PairState after) throws SQLException {
    if (view.apply(before, after)) {
      viewLog.record(after.pair());
    }
  }
}
