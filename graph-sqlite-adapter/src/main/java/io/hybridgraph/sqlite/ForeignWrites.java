package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.PairKey;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.replica.DeletionGuard;
import io.hybridgraph.domain.replica.DeviceReplica;
import io.hybridgraph.domain.replica.ForeignChange;
import io.hybridgraph.domain.replica.Hold;
import io.hybridgraph.domain.replica.HoldReason;
import io.hybridgraph.domain.replica.PairChange;
import io.hybridgraph.domain.replica.PairState;
import io.hybridgraph.domain.replica.ReplicatedRow;
import io.hybridgraph.domain.replica.ViewRule;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adopts the rows other programs write straight into {@code memory_graph} (the Python memory
 * service, a user with {@code sqlite3}), captured by the table's triggers, into the replicated
 * state, in one transaction per catch-up.
 *
 * <p>Each captured pair is classified first ({@link ForeignChange}): stores and re-stores are
 * adopted and queued; a row that disappeared is a user's deletion, replicated and queued, unless
 * the Python service's housekeeping explains it, in which case it stays live in the replicated
 * state and the view holds it back. A user's deletion within a pair deletes what the view held back
 * of that pair too, as that service's own deletes remove both directions. When the adoption deletes
 * more associations than the {@link DeletionGuard} allows, those deletions are held as one batch
 * instead, not queued. Rows the domain does not model are left as they are; rows that cannot be
 * read are set aside. The caller holds the database lock.
 */
final class ForeignWrites {

  private static final Logger log = LoggerFactory.getLogger(ForeignWrites.class);

  private static final String MODELLED_RELATIONSHIPS =
      "SELECT count(*) FROM memory_graph WHERE source_hash <> target_hash AND ("
          + "lower(trim(coalesce(relationship_type, 'related')))"
          + " IN ('causes', 'fixes', 'supports', 'follows') OR ("
          + "lower(trim(coalesce(relationship_type, 'related'))) IN ('related', 'contradicts')"
          + " AND source_hash < target_hash))";

  /** What another program did to one pair, classified before anything is written. */
  private record Plan(
      PairState before,
      Map<RowKey, ViewRule.Slot> slots,
      Map<RowKey, HoldTable.Stored> priors,
      Map<RowKey, Hold> housekept,
      Set<RowKey> userDeleted,
      long deletedAssociations) {}

  private final SqliteSession session;
  private final DeviceReplica replica;
  private final PairWrites pairs;
  private final ViewTable view;
  private final HoldTable holds;
  private final MemoriesTable memories;
  private final PairView pairView;
  private final SqliteChangeOutbox outbox;
  private final SqliteHeldDeletions heldDeletions;
  private final ViewLog viewLog;
  private final DeletionGuard guard;

  ForeignWrites(
      SqliteSession session,
      DeviceReplica replica,
      PairWrites pairs,
      ViewTable view,
      HoldTable holds,
      MemoriesTable memories,
      PairView pairView,
      SqliteChangeOutbox outbox,
      SqliteHeldDeletions heldDeletions,
      ViewLog viewLog,
      DeletionGuard guard) {
    this.session = session;
    this.replica = replica;
    this.pairs = pairs;
    this.view = view;
    this.holds = holds;
    this.memories = memories;
    this.pairView = pairView;
    this.outbox = outbox;
    this.heldDeletions = heldDeletions;
    this.viewLog = viewLog;
    this.guard = guard;
  }

  /** Adopts every pair captured in {@code graph_sync_capture}, then empties the capture. */
  void adoptCaptured() throws SQLException {
    if (session.count("SELECT EXISTS (SELECT 1 FROM graph_sync_capture)") == 0) {
      return;
    }
    Map<RowKey, Optional<Association>> shown = session.inTransaction(this::adopt);
    session.index().apply(shown);
  }

  private Map<RowKey, Optional<Association>> adopt() throws SQLException {
    long last = session.count("SELECT coalesce(max(seq), 0) FROM graph_sync_capture");
    List<Plan> plans = new ArrayList<>();
    long deleted = 0;
    long housekept = 0;
    for (PairKey pair : capturedPairs(last)) {
      Plan plan = plan(pair);
      plans.add(plan);
      deleted += plan.deletedAssociations();
      housekept += plan.housekept().size();
    }
    OptionalLong batch = guard(deleted, housekept);
    Map<RowKey, Optional<Association>> shown = new HashMap<>();
    for (Plan plan : plans) {
      shown.putAll(apply(plan, batch));
    }
    try (PreparedStatement ps =
        session.connection().prepareStatement("DELETE FROM graph_sync_capture WHERE seq <= ?")) {
      ps.setLong(1, last);
      ps.executeUpdate();
    }
    log.debug(
        "Adopted {} pairs written to memory_graph by another program: {} associations deleted,"
            + " {} rows held back as housekeeping",
        plans.size(),
        deleted,
        housekept);
    return shown;
  }

  /** The pairs captured up to {@code last}; keys no pair can have are set aside when unreadable. */
  private Set<PairKey> capturedPairs(long last) throws SQLException {
    Set<PairKey> captured = new LinkedHashSet<>();
    List<String[]> invalid = new ArrayList<>();
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
            invalid.add(new String[] {rs.getString(1), rs.getString(2)});
          }
        }
      }
    }
    for (String[] key : invalid) {
      view.setAsideIfUnreadable(key[0], key[1]);
    }
    return captured;
  }

  private Plan plan(PairKey pair) throws SQLException {
    Map<RowKey, ViewRule.Slot> slots =
        Map.of(
            pair.forward(), view.slot(pair.forward()), pair.backward(), view.slot(pair.backward()));
    PairState before = pairs.load(pair);
    Map<RowKey, HoldTable.Stored> priors = holds.of(pair);
    Map<RowKey, Hold> housekept = new HashMap<>();
    Set<RowKey> userDeleted = new LinkedHashSet<>();
    for (RowKey key : List.of(pair.forward(), pair.backward())) {
      Optional<Association> shownBefore = before.visible(key);
      if (priors.containsKey(key) || shownBefore.isEmpty() || slots.get(key).row().isPresent()) {
        continue;
      }
      Optional<Hold> housekeeping =
          ForeignChange.housekeeping(shownBefore.get(), slots.get(key.mirror()).row(), memories);
      if (housekeeping.isPresent()) {
        housekept.put(key, housekeeping.get());
      } else {
        userDeleted.add(key);
      }
    }
    return new Plan(
        before, slots, priors, housekept, userDeleted, associations(before, userDeleted));
  }

  /** Associations the rows {@code keys} stand for: a symmetric relationship counts once. */
  private static long associations(PairState before, Set<RowKey> keys) {
    List<Association> rows =
        before.visibleRows().stream().filter(row -> keys.contains(row.key())).toList();
    return rows.stream().anyMatch(Association::isSymmetric) ? 1 : rows.size();
  }

  /** A new batch when the adoption's deletions trip the guard. */
  private OptionalLong guard(long deleted, long housekept) throws SQLException {
    if (deleted <= guard.maxDeletions()) {
      return OptionalLong.empty();
    }
    long graphBefore = session.count(MODELLED_RELATIONSHIPS) + deleted + housekept;
    if (!guard.trips(deleted, graphBefore)) {
      return OptionalLong.empty();
    }
    long batch = heldDeletions.newBatch(deleted, graphBefore);
    log.warn(
        "Another program deleted {} of {} associations at once: the deletions are held on this"
            + " device and not synced until released or discarded (held deletions, batch {})",
        deleted,
        graphBefore,
        batch);
    return OptionalLong.of(batch);
  }

  private Map<RowKey, Optional<Association>> apply(Plan plan, OptionalLong batch)
      throws SQLException {
    boolean userIntent = !plan.userDeleted().isEmpty();
    boolean guarded = userIntent && batch.isPresent();
    Map<RowKey, Hold> classified = new HashMap<>(plan.housekept());
    PairKey pair = plan.before().pair();
    List<Optional<Association>> wanted = new ArrayList<>(2);
    for (RowKey key : List.of(pair.forward(), pair.backward())) {
      Optional<Association> inTable = plan.slots().get(key).row();
      Optional<Association> visible = plan.before().visible(key);
      if (inTable.isPresent()) {
        wanted.add(inTable);
      } else if (guarded && visible.isPresent()) {
        classified.put(key, Hold.of(HoldReason.MASS_DELETION));
        wanted.add(visible);
      } else if (userIntent) {
        wanted.add(Optional.empty());
      } else if (classified.containsKey(key) || plan.priors().containsKey(key)) {
        wanted.add(visible);
      } else {
        wanted.add(Optional.empty());
      }
    }
    PairChange change = replica.adopt(plan.before(), wanted.get(0), wanted.get(1));
    pairs.upsert(change);
    for (ReplicatedRow row : change.rows()) {
      outbox.enqueue(row.key());
    }
    // The other program changed the table: other stores on the file must look at the pair.
    viewLog.record(pair);
    return pairView.reconcile(
        new PairView.Change(
            ViewRule.Cause.ADOPTED,
            plan.before(),
            change.after(),
            plan.slots(),
            classified,
            batch,
            Set.of()));
  }
}
