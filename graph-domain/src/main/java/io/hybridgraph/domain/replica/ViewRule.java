package io.hybridgraph.domain.replica;

import io.hybridgraph.domain.model.Association;
import io.hybridgraph.domain.model.RowKey;
import java.util.Objects;
import java.util.Optional;

/**
 * What this device's view shows of one row of the replicated state, and what it holds back: the
 * rule that keeps the view ({@code memory_graph}, what this device shows) apart from the replicated
 * state (what devices agree on) while another program's housekeeping would undo what the view
 * shows.
 *
 * <p>A row the replicated state makes visible is shown unless a hold applies ({@link HoldReason}):
 * a row kept local occupies its place; a deletion another program made was classified as
 * housekeeping or held by the mass-deletion guard; a hold it already had still applies; or, for
 * rows that arrive from elsewhere (merged, restored, or whose earlier hold lapsed), the Python
 * service's housekeeping would remove it again ({@link ForeignChange#housekeeping}). This device's
 * own writes, and another program's on the file, show what they wrote (with the mirror that
 * completes a symmetric row): someone asked for it. A hold lapses by itself once its reason no
 * longer holds, except a held mass deletion, which waits for a person.
 *
 * <p>Decide a pair's forward row (low to high) first: the backward row's decision depends on what
 * the view shows at the forward one ({@link HoldReason#REVERSE_HALF}).
 */
public final class ViewRule {

  /** What changed the pair. */
  public enum Cause {
    /** This device's own write (the API, the command line). */
    LOCAL_WRITE,
    /** Rows merged from elsewhere (the cloud). */
    MERGED,
    /** Another program's writes to the view, adopted into the replicated state. */
    ADOPTED,
    /** Nothing in the replicated state: the view's holds are checked again. */
    REFRESH
  }

  /** What the view's table holds at a row's place now. */
  public record Slot(boolean taken, Optional<Association> row) {

    private static final Slot EMPTY = new Slot(false, Optional.empty());
    private static final Slot TAKEN = new Slot(true, Optional.empty());

    public Slot {
      Objects.requireNonNull(row, "row");
      if (taken && row.isPresent()) {
        throw new IllegalArgumentException("a taken slot holds no association of the domain");
      }
    }

    /** No row at that place. */
    public static Slot empty() {
      return EMPTY;
    }

    /** A row the domain does not model (kept local) or cannot read is at that place. */
    public static Slot keptLocal() {
      return TAKEN;
    }

    /** An association of the domain is at that place. */
    public static Slot holding(Association row) {
      return new Slot(false, Optional.of(row));
    }
  }

  /**
   * Everything the rule looks at for one row.
   *
   * @param key the row
   * @param before what the replicated state made visible at the row before the change
   * @param after what it makes visible now
   * @param slot what the view's table holds at the row now
   * @param prior the hold the row had before the change, if any
   * @param classified a hold decided for this change: a deletion classified as housekeeping, or
   *     held by the mass-deletion guard
   */
  public record RowFacts(
      RowKey key,
      Optional<Association> before,
      Optional<Association> after,
      Slot slot,
      Optional<Hold> prior,
      Optional<Hold> classified) {

    public RowFacts {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
      Objects.requireNonNull(slot, "slot");
      Objects.requireNonNull(prior, "prior");
      Objects.requireNonNull(classified, "classified");
    }
  }

  /** The view's row: shown (an association), held back (a hold), or neither (nothing visible). */
  public record Decision(Optional<Association> shown, Optional<Hold> hold) {

    private static final Decision ABSENT = new Decision(Optional.empty(), Optional.empty());

    public Decision {
      Objects.requireNonNull(shown, "shown");
      Objects.requireNonNull(hold, "hold");
      if (shown.isPresent() && hold.isPresent()) {
        throw new IllegalArgumentException("a row is either shown or held back, not both");
      }
    }

    static Decision show(Association row) {
      return new Decision(Optional.of(row), Optional.empty());
    }

    static Decision hold(Hold hold) {
      return new Decision(Optional.empty(), Optional.of(hold));
    }
  }

  private ViewRule() {}

  /**
   * The view's decision for one row.
   *
   * @param mirrorShown what the view shows at the row's mirror (for the backward row, the forward
   *     row's decision)
   * @param memories this file's {@code memories} table
   */
  public static Decision decide(
      Cause cause, RowFacts facts, Optional<Association> mirrorShown, MemoryCatalog memories) {
    if (facts.after().isEmpty()) {
      return Decision.ABSENT;
    }
    Association row = facts.after().get();
    if (facts.slot().taken()) {
      return Decision.hold(Hold.of(HoldReason.SLOT_TAKEN));
    }
    if (cause == Cause.ADOPTED && facts.slot().row().isPresent()) {
      return Decision.show(row);
    }
    if (facts.classified().isPresent()) {
      return Decision.hold(facts.classified().get());
    }
    boolean changed = !facts.before().equals(facts.after());
    if (facts.prior().isPresent()) {
      if (cause == Cause.LOCAL_WRITE && changed) {
        return Decision.show(row);
      }
      Optional<Hold> still = recheck(facts.prior().get(), row, mirrorShown, memories);
      if (still.isPresent()) {
        return Decision.hold(still.get());
      }
    }
    if (arrives(cause, changed, facts.prior().isPresent())) {
      Optional<Hold> housekept = ForeignChange.housekeeping(row, mirrorShown, memories);
      if (housekept.isPresent()) {
        return Decision.hold(housekept.get());
      }
    }
    return Decision.show(row);
  }

  /**
   * Whether the row arrives in the view from elsewhere, so that housekeeping would remove it again:
   * merged or restored rows that changed, and rows whose hold lapsed. What this device or another
   * program on the file wrote (and the mirror that completes it) is shown as written.
   */
  private static boolean arrives(Cause cause, boolean changed, boolean held) {
    return switch (cause) {
      case LOCAL_WRITE -> false;
      case ADOPTED -> held;
      case MERGED, REFRESH -> changed || held;
    };
  }

  /** The hold that still applies to {@code row} of the kind {@code prior}, if any. */
  private static Optional<Hold> recheck(
      Hold prior, Association row, Optional<Association> mirrorShown, MemoryCatalog memories) {
    return switch (prior.reason()) {
      case MEMORY_MISSING -> memories.firstMissing(row).map(Hold::awaiting);
      case REVERSE_HALF ->
          ForeignChange.isReverseHalf(row, mirrorShown) ? Optional.of(prior) : Optional.empty();
      case SLOT_TAKEN -> Optional.empty();
      case MASS_DELETION -> Optional.of(prior);
    };
  }
}
