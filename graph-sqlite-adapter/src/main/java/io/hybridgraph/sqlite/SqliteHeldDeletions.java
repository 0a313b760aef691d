package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.port.out.HeldDeletions;
import io.hybridgraph.domain.replica.DeviceReplica;
import io.hybridgraph.domain.replica.PairChange;
import io.hybridgraph.domain.replica.PairState;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.ViewRule;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HeldDeletions} on {@code graph_sync_deletion_batch} and the {@code mass_deletion} holds of
 * {@code graph_sync_held}. Releasing a batch adopts the view as it stands without the batch's rows,
 * as the domain adopts any foreign change, so the deletions are stamped by the device clock and
 * queued like a user's; discarding one lets its holds go, so the rows return to the view from the
 * replicated state (or stay held for another reason that applies).
 */
final class SqliteHeldDeletions implements HeldDeletions {

  private static final Logger log = LoggerFactory.getLogger(SqliteHeldDeletions.class);

  private final SqliteSession session;
  private final DeviceReplica replica;
  private final PairWrites pairs;
  private final ViewTable view;
  private final HoldTable holds;
  private final PairView pairView;
  private final SqliteChangeOutbox outbox;

  SqliteHeldDeletions(
      SqliteSession session,
      DeviceReplica replica,
      PairWrites pairs,
      ViewTable view,
      HoldTable holds,
      PairView pairView,
      SqliteChangeOutbox outbox) {
    this.session = session;
    this.replica = replica;
    this.pairs = pairs;
    this.view = view;
    this.holds = holds;
    this.pairView = pairView;
    this.outbox = outbox;
  }

  /** Records a new batch inside the caller's transaction; its id. */
  long newBatch(long associations, long graphAssociations) throws SQLException {
    try (PreparedStatement ps =
        session
            .connection()
            .prepareStatement(
                "INSERT INTO graph_sync_deletion_batch (held_at, associations,"
                    + " graph_associations) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, session.wall().millis());
      ps.setLong(2, associations);
      ps.setLong(3, graphAssociations);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  @Override
  public List<Batch> batches() {
    return session.query(
        () -> {
          List<Batch> batches = new ArrayList<>();
          try (Statement st = session.connection().createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT b.id, b.held_at, b.associations, b.graph_associations, count(*)"
                          + " FROM graph_sync_deletion_batch b JOIN graph_sync_held h"
                          + " ON h.batch = b.id GROUP BY b.id ORDER BY b.id")) {
            while (rs.next()) {
              batches.add(
                  new Batch(
                      rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
            }
          }
          return batches;
        });
  }

  @Override
  public List<RowKey> rows(long batch, int limit) {
    Keyset.requirePositive(limit);
    return session.query(() -> keys(batch, limit));
  }

  private List<RowKey> keys(long batch, int limit) throws SQLException {
    List<RowKey> keys = new ArrayList<>();
    try (PreparedStatement ps =
        session
            .connection()
            .prepareStatement(
                "SELECT source_hash, target_hash FROM graph_sync_held WHERE batch = ?"
                    + " ORDER BY source_hash, target_hash LIMIT ?")) {
      ps.setLong(1, batch);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(RowKey.of(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return keys;
  }

  @Override
  public int release(long batch) {
    int released =
        session.write(
            () -> {
              Map<PairKey, Set<RowKey>> byPair = byPair(batch);
              Map<RowKey, Optional<Association>> shown = new HashMap<>();
              for (Map.Entry<PairKey, Set<RowKey>> entry : byPair.entrySet()) {
                shown.putAll(release(entry.getKey(), entry.getValue()));
              }
              dropBatch(batch);
              return new SqliteSession.Outcome<>(count(byPair), shown);
            });
    if (released > 0) {
      log.info("Released {} held deletions of batch {}: they are queued for sync", released, batch);
    }
    return released;
  }

  private Map<RowKey, Optional<Association>> release(PairKey pair, Set<RowKey> released)
      throws SQLException {
    PairState before = pairs.load(pair);
    Map<RowKey, HoldTable.Stored> priors = holds.of(pair);
    Map<RowKey, ViewRule.Slot> slots = new LinkedHashMap<>();
    List<Optional<Association>> wanted = new ArrayList<>(2);
    for (RowKey key : List.of(pair.forward(), pair.backward())) {
      ViewRule.Slot slot = view.slot(key);
      slots.put(key, slot);
      boolean keptHeld = priors.containsKey(key) && !released.contains(key);
      wanted.add(
          slot.row().isPresent() ? slot.row() : keptHeld ? before.visible(key) : Optional.empty());
    }
    PairChange change = replica.adopt(before, wanted.get(0), wanted.get(1));
    pairs.upsert(change);
    for (ReplicatedRow row : change.rows()) {
      outbox.enqueue(row.key());
    }
    return pairView.reconcile(
        new PairView.Change(
            ViewRule.Cause.ADOPTED,
            before,
            change.after(),
            slots,
            Map.of(),
            OptionalLong.empty(),
            released));
  }

  @Override
  public int discard(long batch) {
    int discarded =
        session.write(
            () -> {
              Map<PairKey, Set<RowKey>> byPair = byPair(batch);
              Map<RowKey, Optional<Association>> shown = new HashMap<>();
              for (Map.Entry<PairKey, Set<RowKey>> entry : byPair.entrySet()) {
                PairState state = pairs.load(entry.getKey());
                shown.putAll(
                    pairView.reconcile(
                        new PairView.Change(
                            ViewRule.Cause.REFRESH,
                            state,
                            state,
                            Map.of(),
                            Map.of(),
                            OptionalLong.empty(),
                            entry.getValue())));
              }
              dropBatch(batch);
              return new SqliteSession.Outcome<>(count(byPair), shown);
            });
    if (discarded > 0) {
      log.info("Discarded {} held deletions of batch {}: the rows are back", discarded, batch);
    }
    return discarded;
  }

  private Map<PairKey, Set<RowKey>> byPair(long batch) throws SQLException {
    Map<PairKey, Set<RowKey>> byPair = new LinkedHashMap<>();
    for (RowKey key : keys(batch, Integer.MAX_VALUE)) {
      byPair.computeIfAbsent(key.pair(), k -> new LinkedHashSet<>()).add(key);
    }
    return byPair;
  }

  private static int count(Map<PairKey, Set<RowKey>> byPair) {
    return byPair.values().stream().mapToInt(Set::size).sum();
  }

  /** Deletes the batch's record and those of batches whose rows are all gone by other ways. */
  private void dropBatch(long batch) throws SQLException {
    try (PreparedStatement ps =
        session
            .connection()
            .prepareStatement(
                "DELETE FROM graph_sync_deletion_batch WHERE id = ? OR id NOT IN"
                    + " (SELECT batch FROM graph_sync_held WHERE batch IS NOT NULL)")) {
      ps.setLong(1, batch);
      ps.executeUpdate();
    }
  }
}
