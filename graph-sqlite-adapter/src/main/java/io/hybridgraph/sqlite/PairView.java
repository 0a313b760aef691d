package io.hybridgraph.sqlite;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.RowKey;
import io.hybridgraph.domain.replica.Hold;
import io.hybridgraph.domain.replica.HoldReason;
import io.hybridgraph.domain.replica.PairState;
import io.hybridgraph.domain.replica.ViewRule;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Brings this device's view of one pair in line with its replicated state by the domain's {@link
 * ViewRule}: writes, deletes or leaves each of the pair's two rows in {@code memory_graph}, keeps
 * its holds in {@code graph_sync_held}, and notes a changed view in the view log. Returns what the
 * view shows at each row, for the traversal index. The caller holds the lock and a transaction with
 * the capture guard.
 */
final class PairView {

  /**
   * A change of one pair to reconcile.
   *
   * @param cause what changed the pair
   * @param before the replicated state before the change
   * @param after the replicated state after it
   * @param slots what the table holds at the pair's rows, where the caller read it (rows left out
   *     are inferred from the state shown before, read only when a row is to be shown)
   * @param classified holds decided for this change (foreign deletions classified as housekeeping
   *     or held by the mass-deletion guard)
   * @param batch the held mass deletion that {@code MASS_DELETION} holds in {@code classified}
   *     belong to
   * @param arriving rows to treat as arriving afresh: their earlier hold is let go and the rules
   *     for rows arriving from elsewhere apply (a discarded or released mass deletion)
   */
  record Change(
      ViewRule.Cause cause,
      PairState before,
      PairState after,
      Map<RowKey, ViewRule.Slot> slots,
      Map<RowKey, Hold> classified,
      OptionalLong batch,
      Set<RowKey> arriving) {

    /** A change with nothing but its cause and states. */
    static Change of(ViewRule.Cause cause, PairState before, PairState after) {
      return new Change(cause, before, after, Map.of(), Map.of(), OptionalLong.empty(), Set.of());
    }
  }

  private final ViewTable view;
  private final HoldTable holds;
  private final MemoriesTable memories;
  private final ViewLog viewLog;

  PairView(ViewTable view, HoldTable holds, MemoriesTable memories, ViewLog viewLog) {
    this.view = view;
    this.holds = holds;
    this.memories = memories;
    this.viewLog = viewLog;
  }

  /** Reconciles the view of the change's pair; what it shows at each of the two rows. */
  Map<RowKey, Optional<Association>> reconcile(Change change) throws SQLException {
    Map<RowKey, HoldTable.Stored> stored = holds.of(change.after().pair());
    Map<RowKey, Optional<Association>> shown = new HashMap<>(2);
    boolean changed = false;
    Optional<Association> forwardShown = Optional.empty();
    for (RowKey key : List.of(change.after().pair().forward(), change.after().pair().backward())) {
      HoldTable.Stored prior = stored.get(key);
      boolean arriving = change.arriving().contains(key);
      ViewRule.Slot slot = slot(change, key, prior);
      ViewRule.RowFacts facts =
          new ViewRule.RowFacts(
              key,
              arriving ? Optional.empty() : change.before().visible(key),
              change.after().visible(key),
              slot,
              arriving || prior == null ? Optional.empty() : Optional.of(prior.hold()),
              Optional.ofNullable(change.classified().get(key)));
      ViewRule.Decision decision = ViewRule.decide(change.cause(), facts, forwardShown, memories);
      Optional<Association> wanted = decision.shown();
      if (!slot.taken() && !slot.row().equals(wanted)) {
        view.show(key, wanted);
        changed = true;
      }
      keepHold(change, key, prior, decision.hold());
      shown.put(key, wanted);
      forwardShown = wanted;
    }
    if (changed) {
      viewLog.record(change.after().pair());
    }
    return shown;
  }

  /** What the table holds at {@code key}: as the caller read it, else inferred or read now. */
  private ViewRule.Slot slot(Change change, RowKey key, HoldTable.Stored prior)
      throws SQLException {
    ViewRule.Slot known = change.slots().get(key);
    if (known != null) {
      return known;
    }
    Optional<Association> before = change.before().visible(key);
    Optional<Association> after = change.after().visible(key);
    if (prior == null && before.isPresent()) {
      // Shown before; another program's change to it would have been adopted before this one.
      return ViewRule.Slot.holding(before.get());
    }
    boolean mayBeTaken = prior == null || prior.hold().reason() == HoldReason.SLOT_TAKEN;
    return after.isPresent() && mayBeTaken ? view.slot(key) : ViewRule.Slot.empty();
  }

  private void keepHold(Change change, RowKey key, HoldTable.Stored prior, Optional<Hold> decided)
      throws SQLException {
    if (decided.isEmpty()) {
      if (prior != null) {
        holds.remove(key);
      }
      return;
    }
    Hold hold = decided.get();
    OptionalLong batch = OptionalLong.empty();
    if (hold.reason() == HoldReason.MASS_DELETION) {
      batch =
          hold.equals(change.classified().get(key))
              ? change.batch()
              : prior == null ? OptionalLong.empty() : prior.batch();
    }
    if (prior == null || !prior.hold().equals(hold) || !prior.batch().equals(batch)) {
      holds.put(key, hold, batch);
    }
  }
}
