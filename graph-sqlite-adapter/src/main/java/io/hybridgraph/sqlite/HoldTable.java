package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.MemoryHash;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.ViewHolds;
import io.hybridgraph.domain.replica.Hold;
import io.hybridgraph.domain.replica.HoldReason;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The rows this device's view holds back, in {@code graph_sync_held}: one hold per row, with its
 * reason, the memory a {@code memory_missing} hold waits for, and the batch of a held mass
 * deletion. Local to the device, never replicated. Also {@link ViewHolds}, the read side for
 * status.
 *
 * <p>Remembers whether the table may hold anything, so that writes on a file without holds skip the
 * lookups; the flag is refreshed whenever another connection changed the file. The caller holds the
 * database lock.
 */
final class HoldTable implements ViewHolds {

  /** A stored hold and the mass deletion batch it belongs to, if any. */
  record Stored(Hold hold, OptionalLong batch) {}

  private final SqliteSession session;
  private final Clock wall;
  private final PreparedStatement selectRow;
  private final PreparedStatement upsert;
  private final PreparedStatement delete;
  private boolean mayHoldAny = true;

  HoldTable(SqliteSession session) {
    this.session = session;
    this.wall = session.wall();
    this.selectRow = session.sql().heldSelect;
    this.upsert = session.sql().heldUpsert;
    this.delete = session.sql().heldDelete;
  }

  /** Looks again whether the table holds anything (after another connection changed the file). */
  void refresh() throws SQLException {
    mayHoldAny = session.count("SELECT EXISTS (SELECT 1 FROM graph_sync_held)") != 0;
  }

  /** The holds of a pair's two rows. */
  Map<RowKey, Stored> of(PairKey pair) throws SQLException {
    if (!mayHoldAny) {
      return Map.of();
    }
    Map<RowKey, Stored> found = new HashMap<>(2);
    for (RowKey key : List.of(pair.forward(), pair.backward())) {
      selectRow.setString(1, key.source().value());
      selectRow.setString(2, key.target().value());
      try (ResultSet rs = selectRow.executeQuery()) {
        if (rs.next()) {
          found.put(key, read(rs, 1));
        }
      }
    }
    return found;
  }

  /** Holds {@code key} back for {@code hold}, in {@code batch} for a held mass deletion. */
  void put(RowKey key, Hold hold, OptionalLong batch) throws SQLException {
    upsert.setString(1, key.source().value());
    upsert.setString(2, key.target().value());
    upsert.setString(3, hold.reason().wireName());
    upsert.setString(4, hold.awaiting().map(MemoryHash::value).orElse(null));
    if (batch.isPresent()) {
      upsert.setLong(5, batch.getAsLong());
    } else {
      upsert.setNull(5, java.sql.Types.INTEGER);
    }
    upsert.setLong(6, wall.millis());
    upsert.executeUpdate();
    mayHoldAny = true;
  }

  /** Lets go of {@code key}'s hold, if it has one. */
  void remove(RowKey key) throws SQLException {
    delete.setString(1, key.source().value());
    delete.setString(2, key.target().value());
    delete.executeUpdate();
  }

  /** The pairs with a row held until {@code memory} arrives. */
  Set<PairKey> awaiting(MemoryHash memory) throws SQLException {
    Set<PairKey> pairs = new LinkedHashSet<>();
    if (!mayHoldAny) {
      return pairs;
    }
    try (PreparedStatement ps =
        session
            .connection()
            .prepareStatement(
                "SELECT source_hash, target_hash FROM graph_sync_held WHERE awaiting = ?")) {
      ps.setString(1, memory.value());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          pairs.add(RowKey.of(rs.getString(1), rs.getString(2)).pair());
        }
      }
    }
    return pairs;
  }

  /** Every memory some hold waits for. */
  Set<MemoryHash> awaitedMemories() throws SQLException {
    Set<MemoryHash> memories = new LinkedHashSet<>();
    if (!mayHoldAny) {
      return memories;
    }
    try (Statement st = session.connection().createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT DISTINCT awaiting FROM graph_sync_held WHERE awaiting IS NOT NULL")) {
      while (rs.next()) {
        memories.add(MemoryHash.of(rs.getString(1)));
      }
    }
    return memories;
  }

  @Override
  public Map<HoldReason, Long> counts() {
    return session.query(
        () -> {
          Map<HoldReason, Long> counts = new EnumMap<>(HoldReason.class);
          try (Statement st = session.connection().createStatement();
              ResultSet rs =
                  st.executeQuery("SELECT reason, count(*) FROM graph_sync_held GROUP BY 1")) {
            while (rs.next()) {
              counts.put(HoldReason.parse(rs.getString(1)), rs.getLong(2));
            }
          }
          return counts;
        });
  }

  @Override
  public List<Held> list(int limit) {
    Keyset.requirePositive(limit);
    return session.query(
        () -> {
          List<Held> held = new ArrayList<>();
          try (PreparedStatement ps =
              session
                  .connection()
                  .prepareStatement(
                      "SELECT source_hash, target_hash, reason, awaiting, batch, held_at"
                          + " FROM graph_sync_held ORDER BY source_hash, target_hash LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Hold hold = read(rs, 3).hold();
                held.add(
                    new Held(
                        RowKey.of(rs.getString(1), rs.getString(2)),
                        hold.reason(),
                        hold.awaiting(),
                        rs.getLong(6)));
              }
            }
          }
          return held;
        });
  }

  /** A hold from the reason, awaiting and batch columns starting at {@code first}. */
  private static Stored read(ResultSet rs, int first) throws SQLException {
    HoldReason reason = HoldReason.parse(rs.getString(first));
    String awaiting = rs.getString(first + 1);
    long batch = rs.getLong(first + 2);
    OptionalLong inBatch = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(batch);
    return new Stored(new Hold(reason, Optional.ofNullable(awaiting).map(MemoryHash::of)), inBatch);
  }
}
